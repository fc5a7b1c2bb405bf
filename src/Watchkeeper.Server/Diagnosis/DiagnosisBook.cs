using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>A detected finding of a camera's latest round, as the diagnosis probe reports it.</summary>
public sealed record LatestFinding(DiagnosisKind Kind, double Score, string Detail);

/// <summary>The latest diagnosis round of one camera, or the fact that no plan covers it any more.</summary>
public sealed record LatestDiagnosis(long ResultId, DateTimeOffset CompletedAt, DiagnosisStatus Status, string? FailureReason,
    IReadOnlyList<LatestFinding> Detected)
{
    /// <summary>Marks a camera that no plan covers: its diagnosis alarms resolve.</summary>
    public static LatestDiagnosis NotCovered(DateTimeOffset at) => new(0, at, DiagnosisStatus.Analyzed, null, []) { Covered = false };

    public bool Covered { get; init; } = true;
}

/// <summary>
/// Every camera's latest diagnosis round, in memory, for the passive diagnosis probe. The diagnosis worker writes
/// it after storing a round; it is loaded from the database at start-up.
/// </summary>
public sealed class DiagnosisBook(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<long, LatestDiagnosis> _latest = new();

    public LatestDiagnosis? Find(long deviceId) => _latest.GetValueOrDefault(deviceId);

    public IEnumerable<long> DeviceIds => _latest.Keys;

    public void Set(long deviceId, LatestDiagnosis latest) => _latest[deviceId] = latest;

    public void Remove(long deviceId) => _latest.TryRemove(deviceId, out _);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The book serves every device's latest verdict to the scheduler and the probes, whoever triggered a reload.
        var latestIds = db.DiagnosisResults.IgnoreOrganizationScope().GroupBy(r => r.DeviceId).Select(g => g.Max(r => r.Id));
        var results = await db.DiagnosisResults.AsNoTracking().IgnoreOrganizationScope()
            .Where(r => latestIds.Contains(r.Id))
            .Include(r => r.Findings.Where(f => f.Detected))
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        _latest.Clear();
        foreach (var result in results)
        {
            _latest[result.DeviceId] = From(result);
        }
    }

    public static LatestDiagnosis From(DiagnosisResult result) => new(
        result.Id,
        result.CompletedAt,
        result.Status,
        result.FailureReason,
        result.Findings.Where(f => f.Detected).Select(f => new LatestFinding(f.Kind, f.Score, f.Detail)).ToList());
}
