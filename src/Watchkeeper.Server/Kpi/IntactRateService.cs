using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Kpi;

/// <summary>The intact rate (完好率) of an organization's camera points over a period, with how it was computed.</summary>
public sealed record IntactRateResponse(
    double? IntactRate,
    double IntactSeconds,
    double MonitoredSeconds,
    double OnlineSeconds,
    double OfflineSeconds,
    double FaultSeconds,
    double UndiagnosedSeconds,
    int DeviceCount,
    IntactBreakdown Breakdown,
    DateTimeOffset From,
    DateTimeOffset To,
    long? OrganizationId,
    string Definition);

/// <summary>
/// Computes the intact rate of camera points from the stored state intervals and diagnosis results (see
/// <see cref="IntactRateAccumulator"/> for the rule).
/// </summary>
public sealed class IntactRateService(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time)
{
    public const string Definition =
        "完好率 = 完好时长 ÷ 监测时长。监测时长是点位（摄像机与视频通道）处于在线、异常或离线状态的时长，未知状态不计；" +
        "完好时长是其中在线（含异常）且当时生效的最近一次诊断未发现画面故障、也未取帧失败的时长。一次诊断的结论从该轮结束起生效，" +
        "直到同一点位的下一轮结束；首次诊断之前的在线时长计为完好，并单独列出（undiagnosedSeconds）。breakdown 按统计区间结束时（或当前）各点位的状态计数。" +
        " / Intact rate = intact time ÷ monitored time. Monitored time is the time camera points (cameras and video channels) were " +
        "Online, Degraded or Offline; Unknown time is left out. Intact time is the part of it in which the point was online (Online or " +
        "Degraded) and the diagnosis verdict in force found no picture fault and got a frame. A verdict takes effect when its round ends " +
        "and holds until the point's next round ends; online time before the first round counts as intact and is reported as " +
        "undiagnosedSeconds. The breakdown counts points by their standing at the end of the period (or now).";

    public async Task<IntactRateResponse> ComputeAsync(DateTimeOffset from, DateTimeOffset to, long? organizationId, CancellationToken cancellationToken)
    {
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        var points = db.Devices.AsNoTracking().CameraPoints(db);
        if (organizationId is { } id)
        {
            var subtree = tree.SubtreeIds(id);
            points = points.Where(d => subtree.Contains(d.OrganizationId));
        }

        var accumulator = new IntactRateAccumulator(from, to, time.GetUtcNow());
        await foreach (var pointId in points.Select(d => d.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            accumulator.AddPoint(pointId);
        }

        var intervals = from i in db.StateIntervals.AsNoTracking()
                        join d in points on i.DeviceId equals d.Id
                        where i.StartAt < to && (i.EndAt == null || i.EndAt > @from)
                        select new { i.DeviceId, i.State, i.StartAt, i.EndAt };
        await foreach (var row in intervals.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            accumulator.AddState(row.DeviceId, row.State, row.StartAt, row.EndAt);
        }

        // The rounds inside the period, and each point's last round before it, whose verdict is in force at its start.
        var lastBefore = db.DiagnosisResults.Where(r => r.CompletedAt < from).GroupBy(r => r.DeviceId).Select(g => g.Max(r => r.Id));
        var verdicts = from r in db.DiagnosisResults.AsNoTracking()
                       join d in points on r.DeviceId equals d.Id
                       where (r.CompletedAt >= @from && r.CompletedAt < to) || lastBefore.Contains(r.Id)
                       select new { r.DeviceId, r.CompletedAt, r.Status, r.DetectedCount };
        await foreach (var row in verdicts.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var verdict = row.Status == DiagnosisStatus.NoFrame ? DiagnosisVerdict.NoFrame
                : row.DetectedCount > 0 ? DiagnosisVerdict.PictureFault
                : DiagnosisVerdict.Passed;
            accumulator.AddVerdict(row.DeviceId, row.CompletedAt, verdict);
        }

        var rate = accumulator.Result();
        return new IntactRateResponse(rate.Rate, rate.IntactTime.TotalSeconds, rate.MonitoredTime.TotalSeconds, rate.OnlineTime.TotalSeconds,
            rate.OfflineTime.TotalSeconds, rate.FaultTime.TotalSeconds, rate.UndiagnosedTime.TotalSeconds, rate.DeviceCount, rate.Breakdown,
            from, to, organizationId, Definition);
    }
}
