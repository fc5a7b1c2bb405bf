namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// The recordings a simulated channel holds: continuous, cut into files of one segment length, except for the gaps
/// set on it, which can repeat (e.g. every day 02:00–02:30). The simulated Hikvision recorder uses it for each of
/// its channels as well.
/// </summary>
public sealed class GbRecordSchedule(TimeSpan segmentLength)
{
    /// <summary>The most segments one RecordInfo response lists, so that a query over years cannot exhaust memory.</summary>
    public const int MaxSegments = 10_000;

    private const int MaxGapOccurrences = 100_000;

    private volatile GapPattern _pattern = new([], null);
    private long _keepForTicks;

    /// <summary>How far back recordings exist, as a recorder that overwrites its oldest files keeps them; null keeps all.</summary>
    public TimeSpan? KeepFor
    {
        get => Interlocked.Read(ref _keepForTicks) is var ticks and > 0 ? TimeSpan.FromTicks(ticks) : null;
        set => Interlocked.Exchange(ref _keepForTicks, value is { } span && span > TimeSpan.Zero ? span.Ticks : 0);
    }

    /// <summary>Sets the gaps; with <paramref name="repeatEvery"/> each one recurs at that period.</summary>
    public void SetGaps(IReadOnlyList<GbRecordGap> gaps, TimeSpan? repeatEvery)
    {
        if (repeatEvery is { } period && period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(repeatEvery), repeatEvery, "The gap period must be positive.");
        }

        _pattern = new GapPattern([.. gaps.Where(gap => gap.End > gap.Start)], repeatEvery);
    }

    /// <summary>Adds one gap to those set; it repeats with them when they repeat.</summary>
    public void AddGap(GbRecordGap gap)
    {
        var pattern = _pattern;
        _pattern = pattern with { Gaps = [.. pattern.Gaps, gap] };
    }

    /// <summary>Returns the recorded spans between <paramref name="start"/> and the earlier of <paramref name="end"/> and <paramref name="now"/>.</summary>
    public List<(DateTime Start, DateTime End)> Segments(DateTime start, DateTime end, DateTime now)
    {
        var segments = new List<(DateTime, DateTime)>();
        end = end < now ? end : now;
        if (KeepFor is { } keep && start < now - keep)
        {
            start = now - keep;
        }

        if (end <= start)
        {
            return segments;
        }

        var gaps = GapsWithin(start, end);
        var boundary = new DateTime(start.Ticks - start.Ticks % segmentLength.Ticks, start.Kind);
        for (; boundary < end && segments.Count < MaxSegments; boundary += segmentLength)
        {
            var pieceStart = boundary < start ? start : boundary;
            var fileEnd = boundary + segmentLength;
            var pieceEnd = fileEnd < end ? fileEnd : end;
            foreach (var gap in gaps)
            {
                if (gap.End <= pieceStart || gap.Start >= pieceEnd)
                {
                    continue;
                }

                if (gap.Start > pieceStart)
                {
                    segments.Add((pieceStart, gap.Start));
                }

                pieceStart = gap.End;
            }

            if (pieceStart < pieceEnd)
            {
                segments.Add((pieceStart, pieceEnd));
            }
        }

        return segments.Count > MaxSegments ? segments[..MaxSegments] : segments;
    }

    private List<GbRecordGap> GapsWithin(DateTime start, DateTime end)
    {
        var pattern = _pattern;
        var found = new List<GbRecordGap>();
        foreach (var gap in pattern.Gaps)
        {
            if (pattern.RepeatEvery is not { } period)
            {
                found.Add(gap);
                continue;
            }

            var first = (long)Math.Floor((start - gap.End).Ticks / (double)period.Ticks);
            var last = (long)Math.Ceiling((end - gap.Start).Ticks / (double)period.Ticks);
            for (var k = first; k <= last && found.Count < MaxGapOccurrences; k++)
            {
                found.Add(new GbRecordGap(gap.Start + period * k, gap.End + period * k));
            }
        }

        return [.. found.Where(gap => gap.End > start && gap.Start < end).OrderBy(gap => gap.Start)];
    }

    private sealed record GapPattern(IReadOnlyList<GbRecordGap> Gaps, TimeSpan? RepeatEvery);
}
