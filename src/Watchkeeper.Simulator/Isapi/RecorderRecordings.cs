using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Isapi;

/// <summary>
/// The recordings of each channel of a simulated recorder, on the recorder's local wall clock: continuous files of
/// one length except for the gaps set per channel, and only as far back as <see cref="GbRecordSchedule.KeepFor"/>.
/// </summary>
public sealed class RecorderRecordings
{
    /// <summary>The length of one recording file, as an NVR cuts its recordings.</summary>
    public static readonly TimeSpan FileLength = TimeSpan.FromHours(1);

    private readonly GbRecordSchedule[] _channels;

    public RecorderRecordings(int channelCount)
    {
        _channels = Enumerable.Range(0, channelCount).Select(_ => new GbRecordSchedule(FileLength)).ToArray();
    }

    /// <summary>The recorder's offset from UTC; Hikvision recorders in China run on UTC+8.</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    public int ChannelCount => _channels.Length;

    /// <summary>Returns the schedule of channel <paramref name="channel"/> (1-based), or null when there is none.</summary>
    public GbRecordSchedule? Channel(int channel) => channel >= 1 && channel <= _channels.Length ? _channels[channel - 1] : null;

    /// <summary>Sets how many days every channel keeps, as a recorder with full disks that overwrites the oldest files.</summary>
    public void KeepDays(double days)
    {
        foreach (var schedule in _channels)
        {
            schedule.KeepFor = TimeSpan.FromDays(days);
        }
    }
}
