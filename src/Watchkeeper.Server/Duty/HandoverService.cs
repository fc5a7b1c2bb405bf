using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Duty;

/// <summary>Writes handover notes for the incoming shift and records their acknowledgement.</summary>
public sealed class HandoverService(WatchkeeperDbContext db, DutyRoster roster, TimeProvider time, ILogger<HandoverService> logger)
{
    /// <summary>
    /// Writes a note from the outgoing shift <paramref name="shiftId"/>. Its author must be on that shift or its leader,
    /// unless the actor administers the roster. Without an incoming shift given, the note goes to the first shift of a
    /// team of the same organization that starts at or after the outgoing shift's end.
    /// </summary>
    public async Task<Result<HandoverNoteView>> WriteAsync(long shiftId, HandoverNoteInput input, DutyActor actor, CancellationToken cancellationToken)
    {
        var outgoing = await FindShiftAsync(shiftId, cancellationToken);
        if (outgoing is null)
        {
            return DutyErrors.ShiftNotFound(shiftId);
        }

        if (!actor.CanAdminister && !IsOnShift(outgoing.Shift, actor.UserId))
        {
            return DutyErrors.NotOnOutgoingShift(shiftId);
        }

        var text = input.Text?.Trim() ?? "";
        var openItems = string.IsNullOrWhiteSpace(input.OpenItems) ? null : input.OpenItems.Trim();
        var errors = new List<Error>();
        if (text.Length == 0 || text.Length > HandoverNote.MaxTextLength)
        {
            errors.Add(DutyErrors.TextInvalid("text", text.Length));
        }

        if (openItems?.Length > HandoverNote.MaxTextLength)
        {
            errors.Add(DutyErrors.TextInvalid("openItems", openItems.Length));
        }

        var incoming = await IncomingShiftAsync(outgoing, input.IncomingShiftId, cancellationToken);
        errors.AddRange(incoming.Errors);
        if (errors.Count > 0)
        {
            return Result<HandoverNoteView>.Failure(errors);
        }

        var note = new HandoverNote
        {
            ShiftId = shiftId,
            IncomingShiftId = incoming.Value,
            Text = text,
            OpenItems = openItems,
            AuthorUserId = actor.UserId,
            WrittenAt = time.GetUtcNow(),
        };
        db.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Handover note {NoteId} written by {UserId} from shift {ShiftId} to shift {IncomingShiftId}", note.Id, actor.UserId, shiftId,
            note.IncomingShiftId);
        return await ViewAsync(note, cancellationToken);
    }

    /// <summary>Acknowledges a note for the incoming shift: by its leader, by a user on it when it has no leader, or by an administrator.</summary>
    public async Task<Result<HandoverNoteView>> AcknowledgeAsync(long noteId, DutyActor actor, CancellationToken cancellationToken)
    {
        var note = await db.Set<HandoverNote>().FirstOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null || await FindShiftAsync(note.ShiftId, cancellationToken) is null)
        {
            return DutyErrors.NoteNotFound(noteId);
        }

        if (note.IncomingShiftId is not { } incomingId || await FindShiftAsync(incomingId, cancellationToken) is not { } incoming)
        {
            return DutyErrors.NoIncomingShift(noteId);
        }

        var mayAcknowledge = actor.CanAdminister || (incoming.Shift.LeaderUserId is { } leader ? leader == actor.UserId : IsOnShift(incoming.Shift, actor.UserId));
        if (!mayAcknowledge)
        {
            return DutyErrors.NotIncomingLeader(incomingId);
        }

        var acknowledged = note.Acknowledge(actor.UserId, time.GetUtcNow());
        if (!acknowledged.IsSuccess)
        {
            return Result<HandoverNoteView>.Failure(acknowledged.Errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Handover note {NoteId} acknowledged by {UserId} for shift {ShiftId}", noteId, actor.UserId, incomingId);
        return await ViewAsync(note, cancellationToken);
    }

    private sealed record ShiftWithTeam(DutyShift Shift, long OrganizationId);

    private async Task<ShiftWithTeam?> FindShiftAsync(long id, CancellationToken cancellationToken)
    {
        var shift = await db.Set<DutyShift>().AsNoTracking().Include(s => s.Assignees).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (shift is null)
        {
            return null;
        }

        var organizationId = await DutyScope.Visible(db.Set<DutyTeam>().AsNoTracking())
            .Where(t => t.Id == shift.TeamId)
            .Select(t => (long?)t.OrganizationId)
            .FirstOrDefaultAsync(cancellationToken);
        return organizationId is { } organization ? new ShiftWithTeam(shift, organization) : null;
    }

    private async Task<Result<long?>> IncomingShiftAsync(ShiftWithTeam outgoing, long? requested, CancellationToken cancellationToken)
    {
        if (requested is { } id)
        {
            var incoming = await FindShiftAsync(id, cancellationToken);
            return incoming is null || id == outgoing.Shift.Id || incoming.Shift.StartAt <= outgoing.Shift.StartAt
                ? DutyErrors.IncomingShiftInvalid(id)
                : id;
        }

        var sameOrganization = DutyScope.Visible(db.Set<DutyTeam>()).Where(t => t.OrganizationId == outgoing.OrganizationId).Select(t => t.Id);
        var end = outgoing.Shift.EndAt;
        return await db.Set<DutyShift>().AsNoTracking()
            .Where(s => sameOrganization.Contains(s.TeamId) && s.Id != outgoing.Shift.Id && s.StartAt >= end)
            .OrderBy(s => s.StartAt).ThenBy(s => s.Id)
            .Select(s => (long?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static bool IsOnShift(DutyShift shift, string userId) =>
        shift.LeaderUserId == userId || shift.Assignees.Any(a => a.UserId == userId);

    private async Task<HandoverNoteView> ViewAsync(HandoverNote note, CancellationToken cancellationToken)
    {
        var shift = await roster.ShiftAsync(note.ShiftId, cancellationToken);
        return shift!.HandoverNotes.First(n => n.Id == note.Id);
    }
}
