namespace Watchkeeper.Server.Recording;

/// <summary>Settings of recording integrity (section Recording in appsettings).</summary>
public sealed class RecordingOptions
{
    public const string Section = "Recording";

    /// <summary>Runs the daily check worker. The API's check-now works either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local time of day (HH:mm, organization zone) at which the previous day is checked.</summary>
    public string DailyCheckTime { get; set; } = "01:30";

    /// <summary>Channels checked at the same time.</summary>
    public int MaxConcurrentChecks { get; set; } = 4;

    /// <summary>How often the worker looks for due checks, in seconds.</summary>
    public int PollSeconds { get; set; } = 30;

    /// <summary>Minutes before a failed check is tried again.</summary>
    public int RetryMinutes { get; set; } = 30;

    /// <summary>Days the worker catches up after the server was stopped, checking each missed day once.</summary>
    public int MaxBackfillDays { get; set; } = 3;

    /// <summary>Minimum length, in minutes, of a gap within the schedule that opens a RecordingGap alarm.</summary>
    public int GapAlarmMinutes { get; set; } = 10;

    /// <summary>Days of recordings required where no organization sets its own.</summary>
    public int DefaultRetentionDays { get; set; } = 30;

    /// <summary>IANA zone of calendar days where no organization sets one; empty takes the server's zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Checks retention along with the daily check.</summary>
    public bool CheckRetention { get; set; } = true;

    /// <summary>
    /// True when recorders mean UTC by a trailing Z in ISAPI times. Hikvision recorders write their local wall clock
    /// with a Z, so the default reads such times in the organization's zone.
    /// </summary>
    public bool IsapiTimesAreUtc { get; set; }

    /// <summary>Time budget for all pages of one ISAPI search, in seconds.</summary>
    public int SearchTimeoutSeconds { get; set; } = 60;

    /// <summary>Days a stored day check is kept.</summary>
    public int KeepDays { get; set; } = 400;
}
