using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.Tickets;

/// <summary>What the action dialog of the ticket page collects for one workflow action, or for a comment when <see cref="Action"/> is null.</summary>
public sealed class TicketActionForm
{
    public TicketActionKind? Action { get; init; }

    public string? AssigneeUserId { get; set; }

    public string? Note { get; set; }

    public string? Reason { get; set; }

    public PauseReason PauseReason { get; set; } = PauseReason.WaitingForCustomer;

    public string? Location { get; set; }

    public bool LimitedService { get; set; }

    public string? Cause { get; set; }

    public string? Solution { get; set; }

    public int FaultLevel { get; set; }

    /// <summary>The number of the ticket to merge into, as people read it out (GD-yyyyMMdd-NNNNNN).</summary>
    public string? TargetNumber { get; set; }

    /// <summary>Whether the action cannot go without a reason: reopening, changing the level, and closing an unresolved ticket.</summary>
    public bool ReasonRequired { get; init; }

    /// <summary>Returns the names of the required fields left empty. The service checks them again.</summary>
    public IReadOnlyList<string> MissingFields()
    {
        var missing = new List<string>();
        if (Action is null && string.IsNullOrWhiteSpace(Note))
        {
            missing.Add("note");
        }

        if (Action is TicketActionKind.Assign or TicketActionKind.Transfer && string.IsNullOrEmpty(AssigneeUserId))
        {
            missing.Add("assignee");
        }

        if (ReasonRequired && string.IsNullOrWhiteSpace(Reason))
        {
            missing.Add("reason");
        }

        if (Action == TicketActionKind.Resolve && string.IsNullOrWhiteSpace(Cause))
        {
            missing.Add("cause");
        }

        if (Action == TicketActionKind.Resolve && string.IsNullOrWhiteSpace(Solution))
        {
            missing.Add("solution");
        }

        if (Action == TicketActionKind.Merge && string.IsNullOrWhiteSpace(TargetNumber))
        {
            missing.Add("target");
        }

        return missing;
    }

    /// <summary>Returns the API's input for the action. <paramref name="targetTicketId"/> is the merge target, found by its number.</summary>
    public TicketTransitionInput ToInput(long? targetTicketId = null) => new(
        Action!.Value.ToString(),
        AssigneeUserId: AssigneeUserId,
        Reason: Blank(Reason),
        Note: Blank(Note),
        PauseReason: Action == TicketActionKind.Pause ? PauseReason.ToString() : null,
        Location: Blank(Location),
        LimitedService: Action == TicketActionKind.Restore ? LimitedService : null,
        Cause: Blank(Cause),
        Solution: Blank(Solution),
        FaultLevel: Action == TicketActionKind.ChangeLevel ? FaultLevel : null,
        TargetTicketId: targetTicketId);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
