namespace Watchkeeper.Core.Recording;

/// <summary>A half-open span of time [Start, End); empty when End is not after Start.</summary>
public readonly record struct TimeInterval(DateTimeOffset Start, DateTimeOffset End)
{
    public bool IsEmpty => End <= Start;

    public TimeSpan Duration => IsEmpty ? TimeSpan.Zero : End - Start;

    public bool Overlaps(TimeInterval other) => Start < other.End && other.Start < End;

    public override string ToString() => $"[{Start:O}, {End:O})";
}

/// <summary>
/// Set arithmetic on lists of intervals. Every result is normalized: sorted by start, without empty intervals,
/// and without two intervals that overlap or touch.
/// </summary>
public static class IntervalSet
{
    /// <summary>Sorts, drops empty and inverted intervals, and merges those that overlap or touch.</summary>
    public static List<TimeInterval> Normalize(IEnumerable<TimeInterval> intervals)
    {
        var sorted = intervals.Where(i => !i.IsEmpty).OrderBy(i => i.Start).ThenBy(i => i.End).ToList();
        var merged = new List<TimeInterval>(sorted.Count);
        foreach (var interval in sorted)
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = interval.End > last.End ? interval.End : last.End };
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }

    /// <summary>Returns the parts of <paramref name="intervals"/> inside <paramref name="window"/>.</summary>
    public static List<TimeInterval> Clip(IEnumerable<TimeInterval> intervals, TimeInterval window) =>
        Intersect(Normalize(intervals), [window]);

    /// <summary>Returns the time covered by both normalized lists.</summary>
    public static List<TimeInterval> Intersect(IReadOnlyList<TimeInterval> first, IReadOnlyList<TimeInterval> second)
    {
        var result = new List<TimeInterval>();
        int i = 0, j = 0;
        while (i < first.Count && j < second.Count)
        {
            var start = first[i].Start > second[j].Start ? first[i].Start : second[j].Start;
            var end = first[i].End < second[j].End ? first[i].End : second[j].End;
            if (start < end)
            {
                result.Add(new TimeInterval(start, end));
            }

            if (first[i].End < second[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }

    /// <summary>Returns the time of the normalized list <paramref name="from"/> that <paramref name="remove"/> does not cover.</summary>
    public static List<TimeInterval> Subtract(IReadOnlyList<TimeInterval> from, IReadOnlyList<TimeInterval> remove)
    {
        var result = new List<TimeInterval>();
        var j = 0;
        foreach (var interval in from)
        {
            var cursor = interval.Start;
            while (j < remove.Count && remove[j].End <= cursor)
            {
                j++;
            }

            for (var k = j; k < remove.Count && remove[k].Start < interval.End; k++)
            {
                if (remove[k].Start > cursor)
                {
                    result.Add(new TimeInterval(cursor, remove[k].Start));
                }

                if (remove[k].End > cursor)
                {
                    cursor = remove[k].End;
                }
            }

            if (cursor < interval.End)
            {
                result.Add(new TimeInterval(cursor, interval.End));
            }
        }

        return result;
    }

    public static TimeSpan TotalDuration(IEnumerable<TimeInterval> intervals) =>
        TimeSpan.FromTicks(intervals.Sum(i => i.Duration.Ticks));
}
