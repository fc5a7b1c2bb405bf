using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Kpi;

/// <summary>The conclusion of a camera point's latest diagnosis at a moment.</summary>
public enum DiagnosisVerdict
{
    /// <summary>No diagnosis round had finished yet.</summary>
    Undiagnosed,

    /// <summary>The frames were analysed and no check found a fault.</summary>
    Passed,

    /// <summary>At least one check found a picture fault.</summary>
    PictureFault,

    /// <summary>The camera delivered no frame to diagnosis.</summary>
    NoFrame,
}

/// <summary>How camera points stood at the end of a period (or now, for a period that has not ended).</summary>
/// <param name="Intact">Online, and the latest diagnosis passed or none has run yet (those are in <paramref name="Undiagnosed"/> too).</param>
/// <param name="PictureFault">Online, and the latest diagnosis found a picture fault.</param>
/// <param name="NoFrame">Online, and the latest diagnosis got no frame.</param>
/// <param name="Undiagnosed">Online, and never diagnosed.</param>
/// <param name="Offline">Offline.</param>
/// <param name="Unknown">Not monitored at that moment (paused, never probed, or outside every interval).</param>
public sealed record IntactBreakdown(int Intact, int PictureFault, int NoFrame, int Undiagnosed, int Offline, int Unknown);

/// <summary>
/// The intact rate (完好率) of camera points over a period: intact time ÷ monitored time.
/// </summary>
/// <param name="IntactTime">Time that points were online (Online or Degraded) and their diagnosis verdict in force was not a fault.</param>
/// <param name="OnlineTime">Time that points were online.</param>
/// <param name="OfflineTime">Time that points were offline.</param>
/// <param name="FaultTime">Online time under a PictureFault or NoFrame verdict.</param>
/// <param name="UndiagnosedTime">Online time before a point's first diagnosis; it counts as intact.</param>
public sealed record IntactRate(TimeSpan IntactTime, TimeSpan OnlineTime, TimeSpan OfflineTime, TimeSpan FaultTime, TimeSpan UndiagnosedTime,
    int DeviceCount, IntactBreakdown Breakdown)
{
    public TimeSpan MonitoredTime => OnlineTime + OfflineTime;

    /// <summary>Intact time ÷ monitored time, or null when nothing was monitored in the period.</summary>
    public double? Rate => MonitoredTime > TimeSpan.Zero ? IntactTime / MonitoredTime : null;
}

/// <summary>
/// Computes the intact rate from state intervals and diagnosis results. A verdict stays in force from the end of
/// its diagnosis round until the next round of the same point ends. Online time is intact unless the verdict in
/// force is a picture fault or no frame. Online time before the first round counts as intact and is reported
/// apart. Unknown time is left out, as in the online rate.
/// </summary>
public sealed class IntactRateAccumulator(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
{
    private readonly Dictionary<long, List<(HealthState State, DateTimeOffset Start, DateTimeOffset? End)>> _states = [];
    private readonly Dictionary<long, List<(DateTimeOffset At, DiagnosisVerdict Verdict)>> _verdicts = [];
    private readonly HashSet<long> _devices = [];

    public void AddState(long deviceId, HealthState state, DateTimeOffset startAt, DateTimeOffset? endAt)
    {
        _devices.Add(deviceId);
        ListOf(_states, deviceId).Add((state, startAt, endAt));
    }

    /// <summary>Adds a diagnosis round that ended at <paramref name="at"/>; include the last round before the period.</summary>
    public void AddVerdict(long deviceId, DateTimeOffset at, DiagnosisVerdict verdict) =>
        ListOf(_verdicts, deviceId).Add((at, verdict));

    /// <summary>Counts a point that has no state interval at all, so that it shows as Unknown in the breakdown.</summary>
    public void AddPoint(long deviceId) => _devices.Add(deviceId);

    public IntactRate Result()
    {
        long intact = 0, online = 0, offline = 0, fault = 0, undiagnosed = 0;
        var standings = new List<Standing>(_devices.Count);
        var end = to < now ? to : now;

        foreach (var deviceId in _devices)
        {
            var verdicts = _verdicts.TryGetValue(deviceId, out var list) ? list.OrderBy(v => v.At).ToList() : [];
            foreach (var (state, start, stop) in _states.GetValueOrDefault(deviceId) ?? [])
            {
                var clippedStart = start > from ? start : from;
                var clippedEnd = stop ?? now;
                clippedEnd = clippedEnd > to ? to : clippedEnd;
                if (!state.IsMonitored() || clippedEnd <= clippedStart)
                {
                    continue;
                }

                if (!state.CountsAsOnline())
                {
                    offline += (clippedEnd - clippedStart).Ticks;
                    continue;
                }

                online += (clippedEnd - clippedStart).Ticks;
                foreach (var (pieceStart, pieceEnd, verdict) in Split(verdicts, clippedStart, clippedEnd))
                {
                    var ticks = (pieceEnd - pieceStart).Ticks;
                    switch (verdict)
                    {
                        case DiagnosisVerdict.PictureFault or DiagnosisVerdict.NoFrame:
                            fault += ticks;
                            break;
                        case DiagnosisVerdict.Undiagnosed:
                            undiagnosed += ticks;
                            intact += ticks;
                            break;
                        default:
                            intact += ticks;
                            break;
                    }
                }
            }

            standings.Add(StandingAt(deviceId, verdicts, end));
        }

        var counts = standings.CountBy(s => s).ToDictionary();
        return new IntactRate(TimeSpan.FromTicks(intact), TimeSpan.FromTicks(online), TimeSpan.FromTicks(offline), TimeSpan.FromTicks(fault),
            TimeSpan.FromTicks(undiagnosed), _devices.Count,
            new IntactBreakdown(
                counts.GetValueOrDefault(Standing.Passed) + counts.GetValueOrDefault(Standing.Undiagnosed),
                counts.GetValueOrDefault(Standing.PictureFault),
                counts.GetValueOrDefault(Standing.NoFrame),
                counts.GetValueOrDefault(Standing.Undiagnosed),
                counts.GetValueOrDefault(Standing.Offline),
                counts.GetValueOrDefault(Standing.Unknown)));
    }

    private enum Standing
    {
        Passed,
        PictureFault,
        NoFrame,
        Undiagnosed,
        Offline,
        Unknown,
    }

    /// <summary>Returns how a point stood at <paramref name="at"/>: its state, and for an online point its verdict.</summary>
    private Standing StandingAt(long deviceId, List<(DateTimeOffset At, DiagnosisVerdict Verdict)> verdicts, DateTimeOffset at) =>
        StateAt(deviceId, at) switch
        {
            HealthState.Offline => Standing.Offline,
            HealthState.Online or HealthState.Degraded => VerdictAt(verdicts, at) switch
            {
                DiagnosisVerdict.PictureFault => Standing.PictureFault,
                DiagnosisVerdict.NoFrame => Standing.NoFrame,
                DiagnosisVerdict.Undiagnosed => Standing.Undiagnosed,
                _ => Standing.Passed,
            },
            _ => Standing.Unknown,
        };

    /// <summary>Splits an online stretch at the verdicts that take effect inside it.</summary>
    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End, DiagnosisVerdict Verdict)> Split(
        List<(DateTimeOffset At, DiagnosisVerdict Verdict)> verdicts, DateTimeOffset start, DateTimeOffset end)
    {
        var current = VerdictAt(verdicts, start);
        var pieceStart = start;
        foreach (var (at, verdict) in verdicts.Where(v => v.At > start && v.At < end))
        {
            yield return (pieceStart, at, current);
            pieceStart = at;
            current = verdict;
        }

        yield return (pieceStart, end, current);
    }

    /// <summary>Returns the verdict in force at <paramref name="at"/>: that of the last round that ended at or before it.</summary>
    private static DiagnosisVerdict VerdictAt(List<(DateTimeOffset At, DiagnosisVerdict Verdict)> verdicts, DateTimeOffset at)
    {
        var verdict = DiagnosisVerdict.Undiagnosed;
        foreach (var (time, value) in verdicts)
        {
            if (time > at)
            {
                break;
            }

            verdict = value;
        }

        return verdict;
    }

    /// <summary>Returns the state just before <paramref name="at"/>, so that a period's end instant belongs to the period.</summary>
    private HealthState StateAt(long deviceId, DateTimeOffset at)
    {
        var instant = at.AddTicks(-1);
        foreach (var (state, start, stop) in _states.GetValueOrDefault(deviceId) ?? [])
        {
            if (start <= instant && (stop is null || stop > instant))
            {
                return state;
            }
        }

        return HealthState.Unknown;
    }

    private static List<T> ListOf<T>(Dictionary<long, List<T>> lists, long deviceId)
    {
        if (!lists.TryGetValue(deviceId, out var list))
        {
            list = [];
            lists[deviceId] = list;
        }

        return list;
    }
}
