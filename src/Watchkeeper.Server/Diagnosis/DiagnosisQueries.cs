using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>Which picture of a round or reference an image request is for.</summary>
public enum DiagnosisImageKind
{
    Thumbnail,
    Evidence,
    Reference,
}

/// <summary>Reads diagnosis results for the API and the console, newest first.</summary>
public sealed class DiagnosisQueries(WatchkeeperDbContext db, OrganizationDirectory organizations, DiagnosisImageStore images)
{
    public const int MaxPageSize = 500;

    public async Task<DiagnosisResultPage> ListAsync(DiagnosisResultFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var query = await FilterAsync(filter, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(r => r.CompletedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Include(r => r.Findings)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return new DiagnosisResultPage(await ViewsAsync(rows, cancellationToken), page, pageSize, total);
    }

    public async Task<DiagnosisResultView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var row = await db.DiagnosisResults.AsNoTracking().Include(r => r.Findings).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : (await ViewsAsync([row], cancellationToken))[0];
    }

    public async Task<DiagnosisResultView?> LatestAsync(long deviceId, CancellationToken cancellationToken)
    {
        var row = await db.DiagnosisResults.AsNoTracking().Include(r => r.Findings)
            .Where(r => r.DeviceId == deviceId)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (await ViewsAsync([row], cancellationToken))[0];
    }

    /// <summary>Returns the absolute path of a stored picture, or null when the row or the file is gone.</summary>
    public async Task<string?> ImagePathAsync(DiagnosisImageKind kind, long id, CancellationToken cancellationToken)
    {
        var relative = kind switch
        {
            DiagnosisImageKind.Thumbnail => await db.DiagnosisResults.Where(r => r.Id == id).Select(r => r.ThumbnailPath).FirstOrDefaultAsync(cancellationToken),
            DiagnosisImageKind.Evidence => await db.DiagnosisResults.Where(r => r.Id == id).Select(r => r.EvidencePath).FirstOrDefaultAsync(cancellationToken),
            _ => await db.ReferenceImages.Where(r => r.Id == id).Select(r => r.FilePath).FirstOrDefaultAsync(cancellationToken),
        };
        return images.Resolve(relative);
    }

    private async Task<IQueryable<DiagnosisResult>> FilterAsync(DiagnosisResultFilter filter, CancellationToken cancellationToken)
    {
        var query = db.DiagnosisResults.AsNoTracking();
        if (filter.CameraId is { } cameraId)
        {
            query = query.Where(r => r.DeviceId == cameraId);
        }

        if (filter.OrganizationId is { } organizationId)
        {
            var subtree = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId);
            query = query.Where(r => db.Devices.Any(d => d.Id == r.DeviceId && subtree.Contains(d.OrganizationId)));
        }

        if (filter.Finding is { } kind)
        {
            query = query.Where(r => r.Findings.Any(f => f.Kind == kind && f.Detected));
        }

        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (filter.FaultsOnly == true)
        {
            query = query.Where(r => r.DetectedCount > 0 || r.Status == DiagnosisStatus.NoFrame);
        }

        if (filter.From is { } from)
        {
            query = query.Where(r => r.CompletedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(r => r.CompletedAt < to);
        }

        return query;
    }

    private async Task<List<DiagnosisResultView>> ViewsAsync(List<DiagnosisResult> rows, CancellationToken cancellationToken)
    {
        var deviceIds = rows.Select(r => r.DeviceId).Distinct().ToList();
        var devices = await db.Devices.AsNoTracking()
            .Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Code, d.Name, d.OrganizationId })
            .ToDictionaryAsync(d => d.Id, cancellationToken);

        return rows.Select(r =>
        {
            var device = devices.GetValueOrDefault(r.DeviceId);
            var findings = r.Findings.OrderBy(f => f.Kind)
                .Select(f => new FindingView(f.Kind, f.Detected, f.Score, RegionView.From(f), f.Detail))
                .ToList();
            return new DiagnosisResultView(r.Id, r.DeviceId, device?.Code ?? "", device?.Name ?? "", device?.OrganizationId ?? 0, r.Trigger,
                r.StartedAt, r.CompletedAt, r.Source, r.Status, r.FailureReason, r.DetectedCount, findings, r.FrameCount, r.FrameWidth, r.FrameHeight,
                r.GrabMilliseconds, r.AnalysisMilliseconds, r.PlanId, r.ReferenceImageId,
                r.ThumbnailPath is null ? null : $"/api/v1/diagnosis/results/{r.Id}/thumbnail",
                r.EvidencePath is null ? null : $"/api/v1/diagnosis/results/{r.Id}/evidence");
        }).ToList();
    }
}
