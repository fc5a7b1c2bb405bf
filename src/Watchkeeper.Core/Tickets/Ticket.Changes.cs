using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Tickets;

/// <summary>A ticket's field changes, links, merges and clock bookkeeping.</summary>
public sealed partial class Ticket
{
    /// <summary>Changes the fault level with a reason. <paramref name="terms"/> are the policy's terms for the new level, in force from now.</summary>
    public Result ChangeLevel(int level, SlaTermsSnapshot terms, string reason, string? actor, DateTimeOffset at)
    {
        if (level is < MinLevel or > MaxLevel)
        {
            return TicketErrors.LevelInvalid(level);
        }

        if (State == TicketState.Closed)
        {
            return Illegal("change level");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return TicketErrors.ReasonRequired("level");
        }

        if (level == FaultLevel)
        {
            return TicketErrors.LevelUnchanged(level);
        }

        var entry = Append(TicketAction.LevelChanged, at, actor, reason);
        entry.Field = "faultLevel";
        entry.OldValue = FaultLevel.ToString(CultureInfo.InvariantCulture);
        entry.NewValue = level.ToString(CultureInfo.InvariantCulture);
        entry.Terms = terms;
        FaultLevel = level;
        Terms = terms;
        ClockEvent(at);
        return Result.Success();
    }

    /// <summary>
    /// Puts new terms in force from <paramref name="at"/>: the ticket moved to another contract, or its policy was
    /// edited. Elapsed time carries over.
    /// </summary>
    public void ChangeTerms(SlaTermsSnapshot terms, long? contractId, string reason, string? actor, DateTimeOffset at)
    {
        var entry = Append(TicketAction.TermsChanged, at, actor, reason);
        if (contractId != ContractId)
        {
            entry.Field = "contractId";
            entry.OldValue = ContractId?.ToString(CultureInfo.InvariantCulture);
            entry.NewValue = contractId?.ToString(CultureInfo.InvariantCulture);
        }

        entry.Terms = terms;
        ContractId = contractId;
        Terms = terms;
        ClockEvent(at);
    }

    /// <summary>Edits the descriptive fields (title, description, category, organization, requester) and logs each change.</summary>
    public Result Edit(TicketEdit edit, string? actor, DateTimeOffset at)
    {
        if (State == TicketState.Closed)
        {
            return Illegal("edit");
        }

        Change("title", Title, edit.Title, value => Title = value, actor, at);
        Change("description", Description, edit.Description, value => Description = value, actor, at);
        Change("category", Category.ToString(), edit.Category?.ToString(), value => Category = Enum.Parse<FaultCategory>(value), actor, at);
        Change("organizationId", OrganizationId.ToString(CultureInfo.InvariantCulture), edit.OrganizationId?.ToString(CultureInfo.InvariantCulture),
            value => OrganizationId = long.Parse(value, CultureInfo.InvariantCulture), actor, at);
        Change("requesterName", RequesterName, edit.RequesterName, value => RequesterName = value, actor, at);
        Change("requesterContact", RequesterContact, edit.RequesterContact, value => RequesterContact = value, actor, at);
        Change("callPriority", CallPriority.ToString(), edit.CallPriority?.ToString(), value => CallPriority = Enum.Parse<CallPriority>(value), actor, at);
        return Result.Success();
    }

    /// <summary>Closes this duplicate into <paramref name="target"/>, which records where it came from.</summary>
    public Result MergeInto(Ticket target, string? actor, DateTimeOffset at, string? note = null)
    {
        if (State == TicketState.Closed || ReferenceEquals(target, this) || (Id != 0 && target.Id == Id) || target.State == TicketState.Closed)
        {
            return TicketErrors.MergeInvalid(Id, target.Id);
        }

        MergedIntoTicketId = target.Id;
        EndAt(TicketClosure.Merged, at);
        var entry = Append(TicketAction.MergedInto, at, actor, note);
        entry.NewValue = target.Number;
        ClockEvent(at);

        var back = target.Append(TicketAction.MergedFrom, at, actor, note);
        back.NewValue = Number;
        return Result.Success();
    }

    /// <summary>Records that <paramref name="part"/>, a new ticket, was split off this one.</summary>
    public void RecordSplit(Ticket part, string? actor, DateTimeOffset at, string? note = null)
    {
        part.SplitFromTicketId = Id;
        Append(TicketAction.SplitInto, at, actor, note).NewValue = part.Number;
        part.Append(TicketAction.SplitFrom, at, actor, note).NewValue = Number;
    }

    public Result Comment(string text, string? actor, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxNoteLength)
        {
            return TicketErrors.CommentInvalid(text?.Length ?? 0);
        }

        Append(TicketAction.Commented, at, actor, text);
        return Result.Success();
    }

    public void RecordAttachment(string fileName, long bytes, string? actor, DateTimeOffset at)
    {
        var entry = Append(TicketAction.AttachmentAdded, at, actor, fileName);
        entry.NewValue = bytes.ToString(CultureInfo.InvariantCulture);
    }

    public void RecordAlarmLinked(long alarmId, string? actor, DateTimeOffset at, string? note = null) =>
        Append(TicketAction.AlarmLinked, at, actor, note).NewValue = alarmId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Records that a linked root alarm resolved. The ticket stays open until someone resolves it.</summary>
    public void RecordAlarmResolved(long alarmId, DateTimeOffset at, string note) =>
        Append(TicketAction.AlarmResolved, at, null, note).NewValue = alarmId.ToString(CultureInfo.InvariantCulture);

    public void RecordDeviceLinked(long deviceId, string? actor, DateTimeOffset at, string? note = null) =>
        Append(TicketAction.DeviceLinked, at, actor, note).NewValue = deviceId.ToString(CultureInfo.InvariantCulture);

    public void RecordNotified(string receiver, DateTimeOffset at, string note) =>
        Append(TicketAction.Notified, at, null, note).NewValue = receiver;

    /// <summary>
    /// Records that the platform acted on a crossing: a warning, a breach or an escalation step. The key makes it
    /// unique per ticket, so a second worker acting on the same crossing fails to save.
    /// </summary>
    public TicketActivity RecordCrossing(SlaCrossing crossing, SlaMarkKind kind, DateTimeOffset at, string note)
    {
        var action = kind switch
        {
            SlaMarkKind.Warning => TicketAction.ClockWarning,
            SlaMarkKind.Breach => TicketAction.ClockBreached,
            _ => TicketAction.Escalated,
        };
        var entry = Append(action, at, null, note);
        entry.Field = crossing.Clock.ToString();
        entry.NewValue = crossing.Mark.Id;
        entry.MarkKey = crossing.Key;
        entry.EffectiveAt = crossing.CrossedAt == at ? null : crossing.CrossedAt;
        return entry;
    }

    /// <summary>Stores the clocks' summary: when the worker must look again, the next due time, and whether any clock breached.</summary>
    public void UpdateClockSummary(SlaEvaluation evaluation, IReadOnlySet<string> actedOn)
    {
        NextNoticeAt = State == TicketState.Closed ? null : evaluation.NextNoticeAt(actedOn);
        NextDueAt = IsOpen ? evaluation.NextDueAt : null;
        IsBreached = evaluation.Clocks.Any(c => SlaClocks.IsServiceLevel(c.Kind) && c.State == SlaClockState.Breached);
    }

    private void Change(string field, string current, string? proposed, Action<string> set, string? actor, DateTimeOffset at)
    {
        if (proposed is null || proposed == current)
        {
            return;
        }

        var entry = Append(TicketAction.FieldChanged, at, actor, null);
        entry.Field = field;
        entry.OldValue = current;
        entry.NewValue = proposed;
        set(proposed);
    }
}

/// <summary>Fields to change; a null field stays as it is.</summary>
public sealed record TicketEdit(
    string? Title = null,
    string? Description = null,
    FaultCategory? Category = null,
    long? OrganizationId = null,
    string? RequesterName = null,
    string? RequesterContact = null,
    CallPriority? CallPriority = null);
