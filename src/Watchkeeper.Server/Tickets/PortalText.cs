using Microsoft.Extensions.Localization;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// The portal's plain words for a ticket's progress. Customers read "an engineer is on the way", not the workflow's
/// state names, and never see internal entries such as notifications, escalations or clock warnings.
/// </summary>
public static class PortalText
{
    /// <summary>The log entries shown to a requester on the portal.</summary>
    public static readonly IReadOnlySet<TicketAction> PublicActions = new HashSet<TicketAction>
    {
        TicketAction.Created, TicketAction.Assigned, TicketAction.Transferred, TicketAction.Accepted, TicketAction.Arrived,
        TicketAction.WorkStarted, TicketAction.Paused, TicketAction.Resumed, TicketAction.Restored, TicketAction.Resolved,
        TicketAction.Confirmed, TicketAction.Rated, TicketAction.Closed, TicketAction.Reopened, TicketAction.Commented,
        TicketAction.AttachmentAdded, TicketAction.MergedInto,
    };

    public static string State(this IStringLocalizer localizer, TicketState state) => localizer[$"Portal.State.{state}"];

    public static string Step(this IStringLocalizer localizer, TicketAction action) => localizer[$"Portal.Step.{action}"];

    public static string Clock(this IStringLocalizer localizer, SlaClockState state) => localizer[$"Portal.Clock.{state}"];
}
