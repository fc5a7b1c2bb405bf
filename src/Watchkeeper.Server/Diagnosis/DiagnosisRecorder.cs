using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// Stores diagnosis rounds: the result row with one finding per analyzer, the thumbnail, the annotated evidence, the
/// latest clean frame and, when asked, a new reference image. After a round it updates the diagnosis book and requests
/// a monitoring round of the camera, so that its alarms open or resolve at once.
/// </summary>
public sealed class DiagnosisRecorder(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    DiagnosisImageStore images,
    DiagnosisBook book,
    IMonitoringControl monitoring,
    IOptions<VideoDiagnosisOptions> options,
    TimeProvider time)
{
    /// <summary>The user name of references the platform takes by itself.</summary>
    public const string SystemUser = "system";

    public DiagnosisResult NoFrame(long deviceId, string reason, DateTimeOffset startedAt, DateTimeOffset completedAt, string? source = null) => new()
    {
        DeviceId = deviceId,
        StartedAt = startedAt,
        CompletedAt = completedAt,
        Source = source,
        Status = DiagnosisStatus.NoFrame,
        FailureReason = Truncate(reason, DiagnosisResult.MaxReasonLength),
    };

    /// <summary>Builds the result of analysed frames and writes its pictures; the row is saved by <see cref="SaveAsync"/>.</summary>
    public async Task<DiagnosisResult> AnalyzedAsync(long deviceId, FrameSet frames, DiagnosisReport report, string source, long? referenceId,
        DateTimeOffset startedAt, bool takeReference, CancellationToken cancellationToken)
    {
        var completedAt = time.GetUtcNow();
        var frame = frames.Frames[^1];
        var detected = report.Detected.ToList();
        var result = new DiagnosisResult
        {
            DeviceId = deviceId,
            StartedAt = startedAt,
            CompletedAt = completedAt,
            Source = source,
            Status = DiagnosisStatus.Analyzed,
            DetectedCount = detected.Count,
            FrameCount = frames.Frames.Count,
            FrameWidth = frames.Width,
            FrameHeight = frames.Height,
            ReferenceImageId = referenceId,
            ThumbnailPath = images.SaveThumbnail(deviceId, completedAt, frame, options.Value.ThumbnailWidth),
            EvidencePath = detected.Count > 0 ? images.SaveEvidence(deviceId, completedAt, frame, detected) : null,
            Findings = report.Findings.Select(ToRow).ToList(),
        };

        if (detected.Count == 0)
        {
            images.SaveLatestGood(deviceId, frame);
        }

        if (takeReference)
        {
            await ReplaceReferenceAsync(deviceId, images.SaveReference(deviceId, completedAt, frame), frame.Width, frame.Height,
                SystemUser, "taken from a clean diagnosis frame", presetNumber: null, keepPreset: true, cancellationToken);
        }

        return result;
    }

    /// <summary>Saves a round, publishes it to the diagnosis probe and requests a monitoring round of the camera.</summary>
    public async Task SaveAsync(DiagnosisResult result, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.DiagnosisResults.Add(result);
            await db.SaveChangesAsync(cancellationToken);
        }

        book.Set(result.DeviceId, DiagnosisBook.From(result));
        monitoring.ProbeNow(result.DeviceId);
    }

    /// <summary>
    /// Makes a stored picture the camera's current reference and retires the previous one, which stays in the history.
    /// With <paramref name="keepPreset"/> the new reference keeps the preset number of the one it replaces.
    /// </summary>
    public async Task<ReferenceImage> ReplaceReferenceAsync(long deviceId, string relativePath, int width, int height, string takenBy, string reason,
        int? presetNumber, bool keepPreset, CancellationToken cancellationToken, long? sourceResultId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var current = await db.ReferenceImages.Where(r => r.DeviceId == deviceId && r.IsCurrent).ToListAsync(cancellationToken);
        foreach (var previous in current)
        {
            previous.IsCurrent = false;
            previous.RetiredAt = now;
        }

        var reference = new ReferenceImage
        {
            DeviceId = deviceId,
            FilePath = relativePath,
            Width = width,
            Height = height,
            TakenAt = now,
            TakenBy = takenBy,
            Reason = Truncate(reason, ReferenceImage.MaxReasonLength),
            PresetNumber = keepPreset ? current.Select(r => r.PresetNumber).FirstOrDefault(p => p is not null) : presetNumber,
            SourceResultId = sourceResultId,
            IsCurrent = true,
        };
        db.ReferenceImages.Add(reference);
        await db.SaveChangesAsync(cancellationToken);
        return reference;
    }

    /// <summary>Returns a stored picture's bytes, or null when the file is missing.</summary>
    public byte[]? ReadImage(string? relativePath) =>
        images.Resolve(relativePath) is { } path ? File.ReadAllBytes(path) : null;

    private static DiagnosisFinding ToRow(AnalyzerFinding finding) => new()
    {
        Kind = finding.Kind,
        Detected = finding.Detected,
        Score = Math.Round(Math.Clamp(finding.Score, 0, 1), 4),
        RegionX = finding.Region?.X,
        RegionY = finding.Region?.Y,
        RegionWidth = finding.Region?.Width,
        RegionHeight = finding.Region?.Height,
        Detail = Truncate(finding.Detail, DiagnosisFinding.MaxDetailLength),
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
