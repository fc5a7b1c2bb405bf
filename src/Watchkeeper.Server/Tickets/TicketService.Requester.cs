using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// The requester rule: the user who reported a fault through the portal may confirm its resolution, reject it
/// (reopen with a reason), rate the service, comment and attach files on that one ticket without tickets.edit.
/// Everyone else needs tickets.edit, as before.
/// </summary>
public sealed partial class TicketService
{
    private static readonly HashSet<TicketActionKind> s_requesterActions = [TicketActionKind.Confirm, TicketActionKind.Reopen, TicketActionKind.Rate];

    /// <summary>Returns whether the caller is the ticket's requester, the portal user who reported it.</summary>
    public static bool IsRequester(Ticket ticket, UserAccess caller) =>
        caller.IsActive && ticket.RequesterUserId is { } requester && requester == caller.UserId;

    /// <summary>Returns whether the caller may apply the action to the ticket: with tickets.edit, or as its requester for confirm, reopen and rate.</summary>
    public static bool MayTransition(Ticket ticket, TicketActionKind action, UserAccess caller) =>
        caller.Has(Capability.Tickets, PermissionAction.Edit) || (IsRequester(ticket, caller) && s_requesterActions.Contains(action));

    /// <summary>Returns whether the caller may comment on the ticket or attach files to it: with tickets.edit, or as its requester.</summary>
    public static bool MayContribute(Ticket ticket, UserAccess caller) =>
        caller.Has(Capability.Tickets, PermissionAction.Edit) || IsRequester(ticket, caller);

    private static Error ActionForbidden(TicketActionKind action) => TicketApiErrors.Forbidden(action.ToString().ToLowerInvariant());
}
