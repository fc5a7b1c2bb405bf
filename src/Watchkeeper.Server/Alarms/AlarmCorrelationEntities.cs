namespace Watchkeeper.Server.Alarms;

public enum AlarmIncidentKind
{
    /// <summary>Many devices of one site failed within a short window.</summary>
    SiteOutage,

    /// <summary>Operators linked the alarms by hand.</summary>
    Manual,
}

/// <summary>Alarms grouped into one incident: a site outage without a modelled parent, or a hand-made group.</summary>
public sealed class AlarmIncident
{
    public long Id { get; set; }

    public AlarmIncidentKind Kind { get; set; }

    /// <summary>The site (or other organization) the incident happened at.</summary>
    public long OrganizationId { get; set; }

    public string Title { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>Set when the last of its alarms resolved or was closed.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>How many alarms the incident holds.</summary>
    public int AlarmCount { get; set; }
}

/// <summary>Two alarms an operator linked by hand because one explains the other or both have one cause.</summary>
public sealed class AlarmLink
{
    public long Id { get; set; }

    public long AlarmId { get; set; }

    public long LinkedAlarmId { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string Note { get; set; } = "";
}
