namespace Watchkeeper.Server.Tickets;

/// <summary>Settings of the ticket workflow (section "Tickets").</summary>
public sealed class TicketOptions
{
    public const string Section = "Tickets";

    /// <summary>Whether the clock worker runs. Tests that drive it by hand turn it off.</summary>
    public bool ClockWorkerEnabled { get; set; } = true;

    /// <summary>How often the clock worker looks for due tickets, in seconds.</summary>
    public int ClockIntervalSeconds { get; set; } = 1;

    /// <summary>How many due tickets the clock worker takes per query.</summary>
    public int ClockBatchSize { get; set; } = 200;

    /// <summary>How long a claimed ticket stays with its worker before another worker may take it, in seconds.</summary>
    public int ClaimSeconds { get; set; } = 60;

    /// <summary>
    /// The notification channels for ticket warnings and escalations. Empty: every enabled e-mail and SMS channel,
    /// which reach people by their own addresses.
    /// </summary>
    public List<long> NotificationChannelIds { get; set; } = [];

    /// <summary>The IANA time zone of ticket numbers' dates.</summary>
    public string NumberTimeZone { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo TimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(NumberTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
