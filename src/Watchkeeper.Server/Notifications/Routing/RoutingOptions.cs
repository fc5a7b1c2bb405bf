namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Settings of the notification dispatcher, section <c>Notifications:Routing</c>.</summary>
public sealed class RoutingOptions
{
    public const string Section = "Notifications:Routing";

    /// <summary>Whether the dispatcher runs; when off, alarms are recorded but nobody is notified.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between scans for due groups, escalations and alarms missed while the server was down.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Alarms, groups or escalations handled per database round trip.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Seconds after which a group or escalation held back by a suppression or flapping is checked again.</summary>
    public int HeldRecheckSeconds { get; set; } = 60;
}
