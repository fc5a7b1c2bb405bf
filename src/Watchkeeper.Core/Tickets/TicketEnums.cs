namespace Watchkeeper.Core.Tickets;

/// <summary>A ticket's (工单) step in its workflow.</summary>
public enum TicketState
{
    New,
    Assigned,

    /// <summary>The assignee took the ticket up: the response.</summary>
    Accepted,

    /// <summary>An engineer arrived on site.</summary>
    OnSite,
    InProgress,

    /// <summary>On hold (挂起), waiting for the customer, parts or the vendor. The clocks are paused.</summary>
    Paused,
    Resolved,

    /// <summary>The requester confirmed the resolution.</summary>
    Confirmed,
    Closed,
}

public enum TicketSource
{
    /// <summary>Opened from a root alarm by a ticketing rule.</summary>
    Alarm,

    /// <summary>Recorded by a dispatcher from a phone call.</summary>
    ServiceDesk,
    Portal,
    Api,
    Inspection,
}

public enum FaultCategory
{
    Camera,
    Recorder,
    Network,
    PlatformSoftware,
    Storage,
    Power,
    Other,
}

/// <summary>A caller's priority at the service desk. Urgent calls go to the head of the queue.</summary>
public enum CallPriority
{
    Normal,
    Urgent,
}

public enum PauseReason
{
    WaitingForCustomer,
    WaitingForParts,
    WaitingForVendor,
}

/// <summary>Why a ticket was closed.</summary>
public enum TicketClosure
{
    /// <summary>After its resolution, confirmed by the requester or not.</summary>
    Completed,

    /// <summary>A duplicate merged into another ticket.</summary>
    Merged,

    /// <summary>Withdrawn by the requester or found not to be a fault.</summary>
    Cancelled,
}

/// <summary>What an entry of a ticket's activity log records.</summary>
public enum TicketAction
{
    Created,
    FieldChanged,
    LevelChanged,

    /// <summary>The contract or the SLA policy in force changed, and the new terms apply from here.</summary>
    TermsChanged,
    Assigned,
    Transferred,
    Accepted,
    Arrived,
    WorkStarted,
    Paused,
    Resumed,

    /// <summary>Service restored, with or without a workaround (limited service).</summary>
    Restored,
    Resolved,
    Confirmed,
    Rated,
    Closed,
    Reopened,
    MergedInto,
    MergedFrom,
    SplitInto,
    SplitFrom,
    Commented,
    AttachmentAdded,
    AlarmLinked,
    DeviceLinked,
    Notified,

    /// <summary>A clock reached a warning percentage of its target.</summary>
    ClockWarning,

    /// <summary>A clock passed its target.</summary>
    ClockBreached,

    /// <summary>An escalation step fired.</summary>
    Escalated,

    /// <summary>A root alarm linked to the ticket resolved; the ticket itself stays open.</summary>
    AlarmResolved,
}
