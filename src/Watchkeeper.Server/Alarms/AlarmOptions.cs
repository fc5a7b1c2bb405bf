using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Server.Alarms;

/// <summary>The <c>Alarms</c> configuration section: flapping detection and site-outage grouping.</summary>
public sealed class AlarmOptions
{
    public const string Section = "Alarms";

    public FlappingOptions Flapping { get; set; } = new();

    public SiteOutageOptions SiteOutage { get; set; } = new();

    /// <summary>How often the alarm timer checks flapping alarms for settling and incidents for their end, in seconds.</summary>
    public int TimerIntervalSeconds { get; set; } = 30;

    public FlappingPolicy FlappingPolicy => new(
        Math.Max(1, Flapping.Transitions),
        TimeSpan.FromMinutes(Math.Max(1, Flapping.PeriodMinutes)),
        TimeSpan.FromMinutes(Math.Max(1, Flapping.SettleMinutes)));
}

public sealed class FlappingOptions
{
    /// <summary>Reopenings within the period that make an alarm flapping.</summary>
    public int Transitions { get; set; } = 5;

    /// <summary>How long after its resolution a returning fault reopens the same alarm, and the window reopenings are counted in, in minutes.</summary>
    public int PeriodMinutes { get; set; } = 30;

    /// <summary>Time without a reopening or resolution after which a flapping alarm settles, in minutes.</summary>
    public int SettleMinutes { get; set; } = 15;
}

public sealed class SiteOutageOptions
{
    /// <summary>Devices of one organization that must go offline within the window to form a site-outage incident.</summary>
    public int MinDevices { get; set; } = 5;

    /// <summary>The window the devices must go offline in, in seconds.</summary>
    public int WindowSeconds { get; set; } = 120;
}
