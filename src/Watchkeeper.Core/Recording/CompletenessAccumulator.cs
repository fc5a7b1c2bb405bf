namespace Watchkeeper.Core.Recording;

/// <summary>Recorded and scheduled time summed over channels and days, and their ratio.</summary>
public sealed record RecordingCompleteness(TimeSpan Recorded, TimeSpan Scheduled, int ChannelCount, int CheckedDays, int FailedDays)
{
    /// <summary>Recorded ÷ scheduled time (录像完整率), or null when nothing was scheduled in the checked days.</summary>
    public double? Rate => Scheduled > TimeSpan.Zero ? Recorded / Scheduled : null;
}

/// <summary>
/// Sums checked channel-days into 录像完整率: recorded scheduled time over scheduled time. Days whose check failed
/// are counted apart and add nothing to either sum.
/// </summary>
public sealed class CompletenessAccumulator
{
    private readonly HashSet<long> _channels = [];
    private long _recordedTicks;
    private long _scheduledTicks;
    private int _checkedDays;
    private int _failedDays;

    public void AddChecked(long channelId, TimeSpan scheduled, TimeSpan recorded)
    {
        if (recorded > scheduled || recorded < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(recorded), recorded, "Recorded time must lie between zero and the scheduled time.");
        }

        _channels.Add(channelId);
        _checkedDays++;
        _recordedTicks += recorded.Ticks;
        _scheduledTicks += scheduled.Ticks;
    }

    public void AddFailed(long channelId)
    {
        _channels.Add(channelId);
        _failedDays++;
    }

    public RecordingCompleteness Result() =>
        new(TimeSpan.FromTicks(_recordedTicks), TimeSpan.FromTicks(_scheduledTicks), _channels.Count, _checkedDays, _failedDays);
}
