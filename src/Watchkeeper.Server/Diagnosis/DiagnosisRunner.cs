using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>What a round is asked to do beside diagnosing.</summary>
/// <param name="Trigger">Scheduled or manual.</param>
/// <param name="TakeReference">True makes a clean frame of this round the camera's reference image (re-baselining).</param>
/// <param name="DueAt">When the round was due, for the lag metric.</param>
public sealed record RoundRequest(DiagnosisTrigger Trigger, bool TakeReference, DateTimeOffset DueAt);

/// <summary>
/// Runs one diagnosis round of one camera: resolves its plan, grabs frames through the frame source, analyses them
/// against the current reference, stores the result with its thumbnail and evidence, and hands the outcome to the
/// diagnosis probe.
/// </summary>
public sealed partial class DiagnosisRunner(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    DiagnosisPlanDirectory plans,
    DiagnosisEngine engine,
    DiagnosisRecorder recorder,
    CredentialProtector credentials,
    IEnumerable<IFrameSource> frameSources,
    DiagnosisMetrics metrics,
    IOptions<VideoDiagnosisOptions> options,
    TimeProvider time,
    ILogger<DiagnosisRunner> logger)
{
    // The grabber is registered by its own part of the server; the last registration wins, as with other services.
    private readonly IFrameSource? _frameSource = frameSources.LastOrDefault();

    /// <summary>False until a frame grabber is registered: without one no round can get a frame.</summary>
    public bool HasFrameSource => _frameSource is not null;

    /// <summary>Runs the round; returns null when the device is gone or no longer a camera with a picture.</summary>
    public async Task<DiagnosisResult?> RunAsync(long deviceId, RoundRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null || !DiagnosisEligibility.HasPicture(device))
        {
            return null;
        }

        var startedAt = time.GetUtcNow();
        metrics.RoundStarted(startedAt - request.DueAt);
        try
        {
            var plan = await plans.ResolveAsync(device.OrganizationId, cancellationToken);
            // Re-baselining after a planned change compares with nothing: the old view is expected to differ.
            var reference = request.TakeReference ? null : await db.ReferenceImages.AsNoTracking()
                .Where(r => r.DeviceId == deviceId && r.IsCurrent)
                .OrderByDescending(r => r.TakenAt)
                .FirstOrDefaultAsync(cancellationToken);

            var grabbed = await GrabAsync(device, plan, cancellationToken);
            var result = grabbed.IsSuccess
                ? await AnalyzeAsync(device, plan, reference, grabbed.Value, request, startedAt, cancellationToken)
                : recorder.NoFrame(device.Id, grabbed.FirstError.Message, startedAt, time.GetUtcNow());
            result.PlanId = plan.PlanId;
            result.Trigger = request.Trigger;
            result.GrabMilliseconds = grabbed.IsSuccess ? (int)grabbed.Value.Elapsed.TotalMilliseconds : (int)(time.GetUtcNow() - startedAt).TotalMilliseconds;

            await recorder.SaveAsync(result, cancellationToken);
            metrics.RoundFinished(result.Status, request.Trigger, TimeSpan.FromMilliseconds(result.GrabMilliseconds), result.Source,
                TimeSpan.FromMilliseconds(result.AnalysisMilliseconds), result.Findings.Where(f => f.Detected).Select(f => f.Kind));
            LogRound(device.Id, device.Code, result.Status, result.DetectedCount, result.FailureReason ?? "");
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.RoundFailed();
            throw;
        }
    }

    private async Task<Result<GrabbedFrames>> GrabAsync(Device device, EffectivePlan plan, CancellationToken cancellationToken)
    {
        if (_frameSource is null)
        {
            return Error.Validation("diagnosis.no_frame_source", Bilingual.Join(
                "本服务器未安装取帧组件，无法抓取画面", "no frame grabber is installed on this server, so no frame can be fetched"));
        }

        var frameCount = plan.FrameCount;
        if (frameCount < 2 && (plan.Checks ?? DiagnosisEligibility.AllKinds).Any(k => k.NeedsSeveralFrames()))
        {
            frameCount = 2;
        }

        var request = new FrameRequest(
            device.Id,
            Uri.TryCreate(device.RtspUrl, UriKind.Absolute, out var rtsp) ? rtsp : null,
            Uri.TryCreate(device.SnapshotUrl, UriKind.Absolute, out var snapshot) ? snapshot : null,
            device.UserName,
            credentials.Unprotect(device.EncryptedPassword, device.Id),
            frameCount,
            plan.FrameInterval);
        return await _frameSource.GrabAsync(request, cancellationToken);
    }

    private async Task<DiagnosisResult> AnalyzeAsync(Device device, EffectivePlan plan, ReferenceImage? reference, GrabbedFrames grabbed,
        RoundRequest request, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var frames = DecodeWithReference(device, grabbed, reference);
        if (!frames.IsSuccess)
        {
            // A camera that sends something that is not a picture delivered no frame; it is no picture fault.
            return recorder.NoFrame(device.Id, frames.FirstError.Message, startedAt, time.GetUtcNow(), grabbed.Source);
        }

        var set = frames.Value;
        var report = await engine.AnalyzeAsync(set, plan.OptionsAt(startedAt), cancellationToken);
        var analysisTime = stopwatch.Elapsed;
        var takeReference = report.IsClean && (request.TakeReference || (reference is null && options.Value.AutoReference));
        var result = await recorder.AnalyzedAsync(device.Id, set, report, grabbed.Source, set.Reference is null ? null : reference?.Id,
            startedAt, takeReference, cancellationToken);
        result.AnalysisMilliseconds = (int)analysisTime.TotalMilliseconds;
        return result;
    }

    private DisposableResult DecodeWithReference(Device device, GrabbedFrames grabbed, ReferenceImage? reference)
    {
        (string, ReadOnlyMemory<byte>)? referenceImage = null;
        if (reference is not null && recorder.ReadImage(reference.FilePath) is { } bytes)
        {
            referenceImage = ($"reference {reference.Id}", bytes);
        }

        var decoded = FrameSet.Decode(grabbed.Images, referenceImage, grabbed.Interval, parkedAtPreset: reference?.PresetNumber is not null && referenceImage is not null);
        if (!decoded.IsSuccess && referenceImage is not null && decoded.FirstError.Field == referenceImage.Value.Item1)
        {
            LogBadReference(device.Id, device.Code, reference!.Id, decoded.FirstError.Message);
            decoded = FrameSet.Decode(grabbed.Images, null, grabbed.Interval);
        }

        return new DisposableResult(decoded);
    }

    /// <summary>A decoded frame set that a using statement disposes.</summary>
    private sealed class DisposableResult(Result<FrameSet> result) : IDisposable
    {
        public bool IsSuccess => result.IsSuccess;

        public FrameSet Value => result.Value;

        public Error FirstError => result.FirstError;

        public void Dispose()
        {
            if (result.IsSuccess)
            {
                result.Value.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnosis of device {DeviceId} {DeviceCode}: {Status}, {DetectedCount} findings {FailureReason}")]
    private partial void LogRound(long deviceId, string deviceCode, DiagnosisStatus status, int detectedCount, string failureReason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reference image {ReferenceId} of device {DeviceId} {DeviceCode} does not decode; diagnosing without it: {Error}")]
    private partial void LogBadReference(long deviceId, string deviceCode, long referenceId, string error);
}

/// <summary>Which devices diagnosis looks at.</summary>
public static class DiagnosisEligibility
{
    public static readonly IReadOnlySet<DiagnosisKind> AllKinds = Enum.GetValues<DiagnosisKind>().ToHashSet();

    /// <summary>Returns whether the device is a monitored camera or channel with a stream or snapshot URL.</summary>
    public static bool HasPicture(Device device) =>
        device.Kind is DeviceKind.Camera or DeviceKind.Channel
        && device.MonitoringEnabled
        && (!string.IsNullOrWhiteSpace(device.RtspUrl) || !string.IsNullOrWhiteSpace(device.SnapshotUrl));
}
