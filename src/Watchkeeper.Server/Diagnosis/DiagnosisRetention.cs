using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Diagnosis;

/// <summary>
/// Prunes diagnosis pictures and rows once an hour: thumbnails and evidence after
/// <see cref="VideoDiagnosisOptions.ImageRetentionDays"/>, result rows after <see cref="VideoDiagnosisOptions.ResultRetentionDays"/>.
/// Reference images are history and are kept.
/// </summary>
public sealed partial class DiagnosisRetention(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    DiagnosisImageStore images,
    IOptions<VideoDiagnosisOptions> options,
    TimeProvider time,
    ILogger<DiagnosisRetention> logger) : BackgroundService
{
    private const int BatchSize = 500;

    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(Period, time, PruneAsync, exception =>
        {
            LogPruneFailed(exception);
            return true;
        }, stoppingToken);

    /// <summary>Deletes what is past retention; returns the number of pictures and of rows removed.</summary>
    public async Task<(int Images, int Rows)> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rowCutoff = now - TimeSpan.FromDays(Math.Max(1, options.Value.ResultRetentionDays));
        var imageCutoff = now - TimeSpan.FromDays(Math.Max(1, options.Value.ImageRetentionDays));

        // Rows that are about to go lose their pictures first, whatever the picture retention is.
        if (rowCutoff > imageCutoff)
        {
            imageCutoff = rowCutoff;
        }

        var pictures = 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var batch = await db.DiagnosisResults
                .Where(r => r.CompletedAt < imageCutoff && (r.ThumbnailPath != null || r.EvidencePath != null))
                .OrderBy(r => r.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var result in batch)
            {
                images.Delete(result.ThumbnailPath);
                images.Delete(result.EvidencePath);
                pictures += (result.ThumbnailPath is null ? 0 : 1) + (result.EvidencePath is null ? 0 : 1);
                result.ThumbnailPath = null;
                result.EvidencePath = null;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var rows = await db.DiagnosisResults.Where(r => r.CompletedAt < rowCutoff).ExecuteDeleteAsync(cancellationToken);
        if (pictures > 0 || rows > 0)
        {
            LogPruned(pictures, rows);
        }

        return (pictures, rows);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Diagnosis retention removed {ImageCount} pictures and {RowCount} result rows")]
    private partial void LogPruned(int imageCount, int rowCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pruning diagnosis pictures and results failed; retrying in an hour")]
    private partial void LogPruneFailed(Exception exception);
}
