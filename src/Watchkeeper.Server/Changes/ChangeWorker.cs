using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>What one pass of <see cref="ChangeWorker"/> did, counted in changes.</summary>
public sealed record ChangeWorkerRun(int Reminded, int Escalated, int Overdue, int Overran);

/// <summary>
/// Runs <see cref="ChangeFollowUps"/> over the changes that may owe one: approval reminders and escalations, overdue
/// emergency approvals and window overruns. Everything it decides from is stored on the change, so a restart loses
/// nothing, and the change's version lets only one of several workers act on a change.
/// </summary>
public sealed partial class ChangeWorker(IServiceScopeFactory scopes, IOptions<ChangeOptions> options, TimeProvider time, ILogger<ChangeWorker> logger)
    : BackgroundService
{
    private const int BatchSize = 200;

    public async Task<ChangeWorkerRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var system = OrganizationScope.BeginSystemWork();
        var now = time.GetUtcNow();
        IReadOnlyList<long> candidates;
        using (var scope = scopes.CreateScope())
        {
            candidates = await scope.ServiceProvider.GetRequiredService<ChangeFollowUps>().CandidatesAsync(now, BatchSize, cancellationToken);
        }

        var run = new ChangeWorkerRun(0, 0, 0, 0);
        foreach (var id in candidates)
        {
            // One scope, and so one database context, per change: a failed save leaves nothing behind for the next one.
            using var scope = scopes.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<ChangeFollowUps>().FollowUpAsync(id, now, cancellationToken);
            run = new ChangeWorkerRun(run.Reminded + (result.Reminded ? 1 : 0), run.Escalated + (result.Escalated ? 1 : 0),
                run.Overdue + (result.Overdue ? 1 : 0), run.Overran + (result.Overran ? 1 : 0));
        }

        return run;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            LogDisabled();
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.WorkerIntervalSeconds));
        LogStarted(interval.TotalSeconds);
        await PeriodicWork.RunAsync(interval, time, RunOnceAsync, exception =>
        {
            if (exception is not (DbUpdateException or System.Data.Common.DbException or InvalidOperationException))
            {
                return false;
            }

            LogRunFailed(exception);
            return true;
        }, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change follow-up worker started; it checks approvals and windows every {IntervalSeconds} s")]
    private partial void LogStarted(double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change follow-up worker is disabled (Changes:WorkerEnabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "The change follow-up worker's run failed; it tries again at the next tick")]
    private partial void LogRunFailed(Exception exception);
}
