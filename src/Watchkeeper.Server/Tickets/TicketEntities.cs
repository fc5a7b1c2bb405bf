namespace Watchkeeper.Server.Tickets;

/// <summary>A device a ticket is about.</summary>
public sealed class TicketDevice
{
    public long TicketId { get; set; }

    public long DeviceId { get; set; }
}

/// <summary>An alarm a ticket is about; the root alarm it was opened from, or a consequence or later alarm linked to it.</summary>
public sealed class TicketAlarm
{
    public long TicketId { get; set; }

    public long AlarmId { get; set; }

    public bool IsRoot { get; set; }
}
