using Microsoft.EntityFrameworkCore;
using OpenCvSharp;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>"Diagnose now" for a camera or an organization, and the management of reference images.</summary>
public sealed class DiagnosisCommands(
    WatchkeeperDbContext db,
    OrganizationDirectory organizations,
    DiagnosisPlanDirectory plans,
    DiagnosisScheduler scheduler,
    DiagnosisRecorder recorder,
    DiagnosisImageStore images,
    TimeProvider time,
    ILogger<DiagnosisCommands> logger)
{
    public const int MaxPresetNumber = 999;

    /// <summary>Queues a round of the camera at once; the scheduler runs it without blocking the caller.</summary>
    public async Task<Result<RunAccepted>> RunNowAsync(long deviceId, bool takeReference, CancellationToken cancellationToken)
    {
        if (!scheduler.Enabled)
        {
            return DiagnosisErrors.Disabled();
        }

        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return DiagnosisErrors.DeviceNotFound(deviceId);
        }

        if (!DiagnosisEligibility.HasPicture(device))
        {
            return DiagnosisErrors.NotACamera(deviceId);
        }

        var plan = await plans.ResolveAsync(device.OrganizationId, cancellationToken);
        if (!plan.Covers(device.Id, device.Kind))
        {
            return DiagnosisErrors.NotCovered(deviceId);
        }

        var now = time.GetUtcNow();
        await QueueAsync([deviceId], now, takeReference, cancellationToken);
        return new RunAccepted(deviceId, now, $"/api/v1/diagnosis/cameras/{deviceId}/latest",
            $"/api/v1/diagnosis/results?cameraId={deviceId}");
    }

    /// <summary>Queues a round of every camera of the organization's subtree that its plan covers.</summary>
    public async Task<Result<OrganizationRunAccepted>> RunOrganizationAsync(long organizationId, CancellationToken cancellationToken)
    {
        if (!scheduler.Enabled)
        {
            return DiagnosisErrors.Disabled();
        }

        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        if (tree.Find(organizationId) is null)
        {
            return DiagnosisErrors.OrganizationNotFound(organizationId);
        }

        var subtree = tree.SubtreeIds(organizationId);
        var resolve = await plans.GetResolverAsync(cancellationToken);
        var cameras = await db.Devices.AsNoTracking()
            .Where(d => subtree.Contains(d.OrganizationId) && (d.Kind == DeviceKind.Camera || d.Kind == DeviceKind.Channel) && d.MonitoringEnabled
                && ((d.RtspUrl != null && d.RtspUrl != "") || (d.SnapshotUrl != null && d.SnapshotUrl != "")))
            .Select(d => new { d.Id, d.OrganizationId, d.Kind })
            .ToListAsync(cancellationToken);
        var covered = cameras.Where(c => resolve(c.OrganizationId).Covers(c.Id, c.Kind)).Select(c => c.Id).ToList();

        var now = time.GetUtcNow();
        await QueueAsync(covered, now, takeReference: false, cancellationToken);
        return new OrganizationRunAccepted(organizationId, covered.Count, now, $"/api/v1/diagnosis/results?organizationId={organizationId}");
    }

    public async Task<Result<IReadOnlyList<ReferenceImageView>>> ReferencesAsync(long deviceId, CancellationToken cancellationToken)
    {
        if (!await db.Devices.AnyAsync(d => d.Id == deviceId, cancellationToken))
        {
            return DiagnosisErrors.DeviceNotFound(deviceId);
        }

        var references = await db.ReferenceImages.AsNoTracking()
            .Where(r => r.DeviceId == deviceId)
            .OrderByDescending(r => r.TakenAt).ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        return references.Select(View).ToList();
    }

    /// <summary>Makes the camera's latest clean diagnosis frame its reference.</summary>
    public async Task<Result<ReferenceImageView>> ReferenceFromLatestAsync(long deviceId, ReferenceRequest request, string user, CancellationToken cancellationToken)
    {
        var check = await CheckReferenceRequestAsync(deviceId, request, cancellationToken);
        if (check is { } error)
        {
            return error;
        }

        using var frame = recorder.ReadImage(images.LatestGoodPath(deviceId)) is { } bytes ? Cv2.ImDecode(bytes, ImreadModes.Color) : null;
        if (frame is null || frame.Empty())
        {
            return DiagnosisErrors.NoGoodFrame(deviceId);
        }

        var latestClean = await db.DiagnosisResults.AsNoTracking()
            .Where(r => r.DeviceId == deviceId && r.Status == DiagnosisStatus.Analyzed && r.DetectedCount == 0)
            .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var path = images.SaveReference(deviceId, time.GetUtcNow(), frame);
        var reference = await recorder.ReplaceReferenceAsync(deviceId, path, frame.Width, frame.Height, user, ReasonOr(request, "set from the latest clean frame"),
            request.PresetNumber, keepPreset: false, cancellationToken, latestClean);
        return View(reference);
    }

    /// <summary>Makes an uploaded picture (JPEG, PNG or BMP) the camera's reference.</summary>
    public async Task<Result<ReferenceImageView>> UploadReferenceAsync(long deviceId, string partName, ReadOnlyMemory<byte> bytes, ReferenceRequest request,
        string user, CancellationToken cancellationToken)
    {
        var check = await CheckReferenceRequestAsync(deviceId, request, cancellationToken);
        if (check is { } error)
        {
            return error;
        }

        var decoded = FrameSet.Decode([(partName, bytes)]);
        if (!decoded.IsSuccess)
        {
            return decoded.FirstError;
        }

        using var frames = decoded.Value;
        var frame = frames.Frames[0];
        var path = images.SaveReference(deviceId, time.GetUtcNow(), frame);
        var reference = await recorder.ReplaceReferenceAsync(deviceId, path, frame.Width, frame.Height, user, ReasonOr(request, "uploaded"),
            request.PresetNumber, keepPreset: false, cancellationToken);
        return View(reference);
    }

    /// <summary>
    /// Re-baselines after a planned change: queues a round that compares with no reference and, when its frames are
    /// clean, makes them the new reference. The current reference stays in force until then.
    /// </summary>
    public async Task<Result<RunAccepted>> RebaselineAsync(long deviceId, CancellationToken cancellationToken) =>
        await RunNowAsync(deviceId, takeReference: true, cancellationToken);

    public static ReferenceImageView View(ReferenceImage reference) => new(reference.Id, reference.DeviceId, reference.PresetNumber, reference.Width,
        reference.Height, reference.TakenAt, reference.TakenBy, reference.Reason, reference.IsCurrent, reference.RetiredAt, reference.SourceResultId,
        $"/api/v1/diagnosis/references/{reference.Id}/image");

    private async Task<Error?> CheckReferenceRequestAsync(long deviceId, ReferenceRequest request, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return DiagnosisErrors.DeviceNotFound(deviceId);
        }

        if (device.Kind is not (DeviceKind.Camera or DeviceKind.Channel))
        {
            return DiagnosisErrors.NotACamera(deviceId);
        }

        return request.PresetNumber is < 1 or > MaxPresetNumber ? DiagnosisErrors.PresetNumber() : null;
    }

    private static string ReasonOr(ReferenceRequest request, string fallback) =>
        string.IsNullOrWhiteSpace(request.Reason) ? fallback : request.Reason.Trim();

    private async Task QueueAsync(IReadOnlyList<long> deviceIds, DateTimeOffset now, bool takeReference, CancellationToken cancellationToken)
    {
        foreach (var chunk in deviceIds.Chunk(500))
        {
            try
            {
                await QueueChunkAsync(chunk, now, takeReference, cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                // The scheduler's sync may have given a new camera its due time between the read and the insert, so the
                // insert broke the key. The second attempt reads that row and updates it.
                logger.LogDebug(exception, "Queueing diagnosis of devices {DeviceIds} failed on a concurrent insert; retrying once", string.Join(',', chunk));
                db.ChangeTracker.Clear();
                await QueueChunkAsync(chunk, now, takeReference, cancellationToken);
            }
        }

        scheduler.Wake();
    }

    private async Task QueueChunkAsync(long[] chunk, DateTimeOffset now, bool takeReference, CancellationToken cancellationToken)
    {
        var rows = await db.DiagnosisDue.Where(d => chunk.Contains(d.DeviceId)).ToDictionaryAsync(d => d.DeviceId, cancellationToken);
        foreach (var id in chunk)
        {
            if (!rows.TryGetValue(id, out var row))
            {
                row = new DiagnosisDue { DeviceId = id };
                db.DiagnosisDue.Add(row);
            }

            row.DueAt = row.DueAt < now && row.DueAt != default ? row.DueAt : now;
            row.ManualRequestedAt = now;
            row.TakeReference |= takeReference;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
