namespace Watchkeeper.Core.Changes;

/// <summary>An entry of a change's history, which is append-only.</summary>
public sealed class ChangeActivity
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user who acted, or null for the platform.</summary>
    public string? Actor { get; set; }

    public ChangeAction Action { get; set; }

    public string? Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>A backup taken before the change: its content, location, size, SHA-256 checksum, author and time.</summary>
public sealed class ChangeBackup
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public string What { get; set; } = "";

    public string Location { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>64 lower-case hex digits.</summary>
    public string Sha256 { get; set; } = "";

    public string? RecordedBy { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A trial run in the test environment (测试环境模拟运行), with its steps, results, evidence and sign-off.</summary>
public sealed class ChangeTrialRun
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public string Environment { get; set; } = "";

    public string Steps { get; set; } = "";

    public string Results { get; set; } = "";

    public string Evidence { get; set; } = "";

    public bool Passed { get; set; }

    /// <summary>Who signed the result off; a trial run without a sign-off does not count.</summary>
    public string? SignedOffBy { get; set; }

    public string? RecordedBy { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>An advance notice (申请和预告) or its correction, extension or cancellation, as sent.</summary>
public sealed class ChangeNotice
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public NoticeKind Kind { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    /// <summary>The sites, devices and functions affected, in words.</summary>
    public string ImpactScope { get; set; } = "";

    public string Countermeasures { get; set; } = "";

    public string Contact { get; set; } = "";

    public string? SentBy { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

/// <summary>The software or firmware version of one device or component before and after the change.</summary>
public sealed class ChangeVersionRecord
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public long? DeviceId { get; set; }

    /// <summary>The component when it is not a device, such as "平台软件 / platform software".</summary>
    public string Component { get; set; } = "";

    public string VersionBefore { get; set; } = "";

    public string VersionAfter { get; set; } = "";

    public string? RecordedBy { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>The work permit (工作许可): the window, the responsible person, the scope and the safety measures.</summary>
public sealed class ChangePermit
{
    public string Number { get; set; } = "";

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    public string ResponsibleUserId { get; set; } = "";

    public string SafetyMeasures { get; set; } = "";

    public string? IssuedBy { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The maintenance window opened in the alarm module for the change's scope.</summary>
    public long? MaintenanceWindowId { get; set; }
}
