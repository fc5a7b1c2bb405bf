using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Tickets;

/// <summary>The clocks of one ticket at one instant, computed from its stored history.</summary>
/// <param name="Crossed">Every mark crossed up to the evaluated instant, in crossing order.</param>
/// <param name="Upcoming">For each running clock, the next mark it will cross if nothing else happens.</param>
public sealed record SlaEvaluation(IReadOnlyList<SlaClockStatus> Clocks, IReadOnlyList<SlaCrossing> Crossed, IReadOnlyList<SlaCrossing> Upcoming)
{
    public SlaClockStatus? Clock(SlaClockKind kind) => Clocks.FirstOrDefault(c => c.Kind == kind);

    /// <summary>
    /// Returns the earliest instant at which a crossing not in <paramref name="actedOn"/> needs acting on: a crossed
    /// mark whose notice waits for working time, or the next mark of a running clock.
    /// </summary>
    public DateTimeOffset? NextNoticeAt(IReadOnlySet<string> actedOn) =>
        Crossed.Where(c => !actedOn.Contains(c.Key)).Concat(Upcoming).Select(c => (DateTimeOffset?)c.NoticeAt).Min();

    /// <summary>The earliest due time of a running service-level clock that has not been breached yet.</summary>
    public DateTimeOffset? NextDueAt => Clocks
        .Where(c => c.State == SlaClockState.Running && SlaClocks.IsServiceLevel(c.Kind) && c.DueAt is not null)
        .Select(c => c.DueAt).Min();
}

/// <summary>
/// Computes a ticket's clocks by replaying its history. A restart, a changed system clock or a late worker can
/// therefore neither lose nor repeat a warning, a breach or an escalation. The crossings follow from the history,
/// and the caller records which ones it acted on.
/// </summary>
/// <remarks>
/// Each clock counts time in the measure of its current target: working time on the target's business calendar,
/// or all time (7×24). When the terms change, the elapsed time carries over and the new target and marks apply
/// from the change on. A mark that the elapsed time has already passed under the new target is crossed at the change.
/// Pausing stops every running clock and counts the paused time instead. Reopening a resolved ticket resumes the
/// restoration and resolution clocks where they stopped.
/// </remarks>
public static class SlaClocks
{
    /// <summary>Returns whether a service contract promises the clock. The other clocks only drive escalation.</summary>
    public static bool IsServiceLevel(SlaClockKind kind) => kind <= SlaClockKind.Resolution;

    public static SlaEvaluation Evaluate(IEnumerable<SlaEvent> history, DateTimeOffset now)
    {
        var events = history.Where(e => e.At <= now).OrderBy(e => e.At).ThenBy(e => e.Kind == SlaEventKind.Opened ? 0 : 1).ToList();
        var clocks = Enum.GetValues<SlaClockKind>().ToDictionary(kind => kind, kind => new Clock(kind));
        var crossed = new List<SlaCrossing>();
        var terms = SlaTerms.None;
        DateTimeOffset? last = null;

        foreach (var change in events)
        {
            if (last is { } from)
            {
                foreach (var clock in clocks.Values)
                {
                    clock.Advance(from, change.At, terms, crossed);
                }
            }

            last = change.At;
            if (change.Terms is { } newTerms)
            {
                terms = newTerms;
                foreach (var clock in clocks.Values)
                {
                    clock.CrossPassedMarks(change.At, terms, crossed);
                }
            }

            Apply(clocks, change, terms, crossed);
        }

        var upcoming = new List<SlaCrossing>();
        if (last is { } end)
        {
            foreach (var clock in clocks.Values)
            {
                clock.Advance(end, now, terms, crossed);
                if (clock.NextMark(now, terms) is { } next)
                {
                    upcoming.Add(next);
                }
            }
        }

        var statuses = clocks.Values.Where(c => c.Started || terms.TargetOf(c.Kind) is not null).Select(c => c.Status(terms)).ToList();
        return new SlaEvaluation(statuses, [.. crossed.OrderBy(c => c.CrossedAt)], upcoming);
    }

    private static void Apply(Dictionary<SlaClockKind, Clock> clocks, SlaEvent change, SlaTerms terms, List<SlaCrossing> crossed)
    {
        var at = change.At;
        switch (change.Kind)
        {
            case SlaEventKind.Opened:
                foreach (var kind in new[] { SlaClockKind.Response, SlaClockKind.Arrival, SlaClockKind.Restoration, SlaClockKind.Resolution, SlaClockKind.Assignment })
                {
                    clocks[kind].Start(at, terms, crossed);
                }

                break;
            case SlaEventKind.Assigned:
                clocks[SlaClockKind.Assignment].Stop(at, terms);
                clocks[SlaClockKind.Acceptance].Restart(at, terms, crossed);
                break;
            case SlaEventKind.Accepted:
                clocks[SlaClockKind.Response].Stop(at, terms);
                clocks[SlaClockKind.Acceptance].Stop(at, terms);
                break;
            case SlaEventKind.Arrived:
                clocks[SlaClockKind.Arrival].Stop(at, terms);
                break;
            case SlaEventKind.Restored:
                clocks[SlaClockKind.Restoration].Stop(at, terms);
                break;
            case SlaEventKind.Resolved:
            case SlaEventKind.Closed:
                foreach (var clock in clocks.Values)
                {
                    clock.Stop(at, terms);
                }

                break;
            case SlaEventKind.Reopened:
                clocks[SlaClockKind.Restoration].Continue(at);
                clocks[SlaClockKind.Resolution].Continue(at);
                break;
            case SlaEventKind.Paused:
                foreach (var clock in clocks.Values)
                {
                    clock.Pause();
                }

                break;
            case SlaEventKind.Resumed:
                foreach (var clock in clocks.Values)
                {
                    clock.Resume();
                }

                break;
        }
    }

    /// <summary>Measures the working time on the calendar between two instants, or all the time without a calendar.</summary>
    internal static TimeSpan Measure(BusinessCalendar? calendar, DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? TimeSpan.Zero : calendar?.WorkingTimeBetween(from, to) ?? to - from;

    /// <summary>Returns the instant at which <paramref name="amount"/> of the calendar's measure has passed since <paramref name="from"/>.</summary>
    internal static DateTimeOffset? Add(BusinessCalendar? calendar, DateTimeOffset from, TimeSpan amount) =>
        calendar is null ? from + amount : calendar.AddWorkingTime(from, amount);

    /// <summary>Returns when to act on a crossing: at once on 7×24 time, otherwise at the next working time.</summary>
    internal static DateTimeOffset NoticeAt(BusinessCalendar? calendar, DateTimeOffset crossedAt) =>
        calendar is null || calendar.IsWorkingTime(crossedAt) ? crossedAt : calendar.NextWorkingTransition(crossedAt) ?? crossedAt;

    private enum Phase
    {
        Pending,
        Running,
        Paused,
        Stopped,
    }

    /// <summary>One clock while the history is replayed.</summary>
    private sealed class Clock(SlaClockKind kind)
    {
        private readonly HashSet<string> _crossed = [];
        private Phase _phase = Phase.Pending;
        private TimeSpan _elapsed;
        private TimeSpan _paused;
        private DateTimeOffset? _startedAt;
        private DateTimeOffset? _stoppedAt;
        private DateTimeOffset? _breachedAt;
        private DateTimeOffset? _dueAtStop;
        private TimeSpan? _targetAtStop;
        private int _cycle;

        // The start of the current run and the elapsed time then. The due time and the next mark count from there.
        private DateTimeOffset _segmentStart;
        private TimeSpan _elapsedAtSegmentStart;

        public SlaClockKind Kind => kind;

        public bool Started => _phase != Phase.Pending;

        public void Start(DateTimeOffset at, SlaTerms terms, List<SlaCrossing> crossed)
        {
            if (_phase != Phase.Pending)
            {
                return;
            }

            _phase = Phase.Running;
            _startedAt = at;
            BeginSegment(at);
            CrossPassedMarks(at, terms, crossed);
        }

        /// <summary>Starts the clock from zero in a new cycle, whatever it did before.</summary>
        public void Restart(DateTimeOffset at, SlaTerms terms, List<SlaCrossing> crossed)
        {
            if (_phase != Phase.Pending)
            {
                _cycle++;
            }

            _phase = Phase.Pending;
            _elapsed = TimeSpan.Zero;
            _paused = TimeSpan.Zero;
            _stoppedAt = null;
            _breachedAt = null;
            _dueAtStop = null;
            _targetAtStop = null;
            _crossed.Clear();
            Start(at, terms, crossed);
        }

        public void Stop(DateTimeOffset at, SlaTerms terms)
        {
            if (_phase is not (Phase.Running or Phase.Paused))
            {
                return;
            }

            _dueAtStop = DueAt(terms);
            _targetAtStop = terms.TargetOf(kind)?.Duration;
            _phase = Phase.Stopped;
            _stoppedAt = at;
        }

        /// <summary>Resumes a stopped clock where it stopped: a reopened ticket's restoration and resolution.</summary>
        public void Continue(DateTimeOffset at)
        {
            if (_phase != Phase.Stopped)
            {
                return;
            }

            _phase = Phase.Running;
            _stoppedAt = null;
            _dueAtStop = null;
            _targetAtStop = null;
            BeginSegment(at);
        }

        public void Pause()
        {
            if (_phase == Phase.Running)
            {
                _phase = Phase.Paused;
            }
        }

        public void Resume()
        {
            if (_phase == Phase.Paused)
            {
                _phase = Phase.Running;
            }
        }

        /// <summary>Counts the time from <paramref name="from"/> to <paramref name="to"/>, under the terms in force then.</summary>
        public void Advance(DateTimeOffset from, DateTimeOffset to, SlaTerms terms, List<SlaCrossing> crossed)
        {
            var target = terms.TargetOf(kind);
            var amount = Measure(target?.Calendar, from, to);
            if (_phase == Phase.Paused)
            {
                _paused += amount;
                BeginSegment(to);
                return;
            }

            if (_phase != Phase.Running)
            {
                return;
            }

            var before = _elapsed;
            _elapsed += amount;
            if (target is not null)
            {
                foreach (var mark in MarksOf(terms))
                {
                    var threshold = mark.ThresholdOf(target.Duration);
                    if (threshold > before && threshold <= _elapsed)
                    {
                        Cross(mark, Add(target.Calendar, from, threshold - before) ?? to, target, crossed);
                    }
                }

                if (_breachedAt is null && target.Duration <= _elapsed)
                {
                    _breachedAt = target.Duration > before ? Add(target.Calendar, from, target.Duration - before) ?? to : from;
                }
            }

            BeginSegment(to);
        }

        /// <summary>Crosses, at <paramref name="at"/>, the marks the elapsed time has already reached under new terms.</summary>
        public void CrossPassedMarks(DateTimeOffset at, SlaTerms terms, List<SlaCrossing> crossed)
        {
            if (_phase is not (Phase.Running or Phase.Paused) || terms.TargetOf(kind) is not { } target)
            {
                return;
            }

            foreach (var mark in MarksOf(terms).Where(m => m.ThresholdOf(target.Duration) <= _elapsed))
            {
                Cross(mark, at, target, crossed);
            }

            if (_breachedAt is null && _elapsed >= target.Duration)
            {
                _breachedAt = at;
            }

            BeginSegment(at);
        }

        /// <summary>Returns the next mark this running clock crosses after <paramref name="now"/> if nothing changes.</summary>
        public SlaCrossing? NextMark(DateTimeOffset now, SlaTerms terms)
        {
            if (_phase != Phase.Running || terms.TargetOf(kind) is not { } target)
            {
                return null;
            }

            return MarksOf(terms)
                .Select(mark => (Mark: mark, At: Add(target.Calendar, _segmentStart, mark.ThresholdOf(target.Duration) - _elapsedAtSegmentStart)))
                .Where(x => x.At is not null && x.At > now)
                .OrderBy(x => x.At)
                .Select(x => Crossing(x.Mark, x.At!.Value, target))
                .FirstOrDefault();
        }

        public SlaClockStatus Status(SlaTerms terms)
        {
            var target = _phase == Phase.Stopped ? _targetAtStop : terms.TargetOf(kind)?.Duration;

            // A clock still running at its due time has missed it, but a clock stopped exactly then has met it.
            var breached = target is { } t && (_phase == Phase.Stopped ? _elapsed > t : _elapsed >= t);
            var breach = breached ? _elapsed - target!.Value : TimeSpan.Zero;
            var state = _phase switch
            {
                Phase.Pending => SlaClockState.Pending,
                _ when breached => SlaClockState.Breached,
                Phase.Running => SlaClockState.Running,
                Phase.Paused => SlaClockState.Paused,
                _ => SlaClockState.Met,
            };
            var due = _phase switch
            {
                Phase.Stopped => _dueAtStop,
                Phase.Running => DueAt(terms),
                _ => null,
            };
            return new SlaClockStatus(kind, state, _cycle, _elapsed, _paused, target, due, breached ? _breachedAt : null, breach,
                _startedAt, _stoppedAt);
        }

        private IEnumerable<SlaMark> MarksOf(SlaTerms terms) =>
            terms.Marks.Where(m => m.Clock == kind && !_crossed.Contains(m.Id));

        private DateTimeOffset? DueAt(SlaTerms terms)
        {
            if (terms.TargetOf(kind) is not { } target)
            {
                return null;
            }

            return target.Duration < _elapsedAtSegmentStart
                ? _breachedAt ?? _segmentStart
                : Add(target.Calendar, _segmentStart, target.Duration - _elapsedAtSegmentStart);
        }

        private void Cross(SlaMark mark, DateTimeOffset at, SlaTarget target, List<SlaCrossing> crossed)
        {
            if (_crossed.Add(mark.Id))
            {
                crossed.Add(Crossing(mark, at, target));
            }
        }

        private SlaCrossing Crossing(SlaMark mark, DateTimeOffset at, SlaTarget target) =>
            new(SlaCrossing.KeyOf(kind, _cycle, mark.Id), kind, _cycle, mark, at, NoticeAt(target.Calendar, at));

        private void BeginSegment(DateTimeOffset at)
        {
            _segmentStart = at;
            _elapsedAtSegmentStart = _elapsed;
        }
    }
}
