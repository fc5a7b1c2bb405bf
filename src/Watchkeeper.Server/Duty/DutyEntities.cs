using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Duty;

/// <summary>A duty team (班组): serves its organization and every organization below it.</summary>
public sealed class DutyTeam
{
    public const int MaxNameLength = 100;

    public const int MaxMembers = 200;

    public const int MaxTemplates = 10;

    public long Id { get; set; }

    public required string Name { get; set; }

    public long OrganizationId { get; set; }

    /// <summary>The team leader; always one of <see cref="Members"/>.</summary>
    public string? LeaderUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<DutyTeamMember> Members { get; } = [];

    public List<TeamShiftTemplate> Templates { get; } = [];
}

/// <summary>Membership of a user in a duty team; a user may belong to several teams.</summary>
public sealed class DutyTeamMember
{
    public long TeamId { get; set; }

    public required string UserId { get; set; }
}

/// <summary>A shift a team works on each of its days in a rotation, in the roster's local time.</summary>
public sealed class TeamShiftTemplate
{
    public const int MaxNameLength = 50;

    public long Id { get; set; }

    public long TeamId { get; set; }

    public required string Name { get; set; }

    public TimeOnly StartTime { get; set; }

    /// <summary>At or before <see cref="StartTime"/> when the shift ends on the next day.</summary>
    public TimeOnly EndTime { get; set; }

    public int Position { get; set; }
}

/// <summary>One shift (班次) of a team: a span of time during which its assigned users are on duty.</summary>
public sealed class DutyShift
{
    public long Id { get; set; }

    public long TeamId { get; set; }

    /// <summary>The local date the shift starts on; a night shift ends on the next date.</summary>
    public DateOnly Date { get; set; }

    public required string Name { get; set; }

    /// <summary>The first instant on duty (UTC).</summary>
    public DateTimeOffset StartAt { get; set; }

    /// <summary>The first instant no longer on duty (UTC): the incoming shift takes over at this instant.</summary>
    public DateTimeOffset EndAt { get; set; }

    public string? LeaderUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<DutyShiftAssignee> Assignees { get; } = [];
}

/// <summary>A user on duty in a shift.</summary>
public sealed class DutyShiftAssignee
{
    public long ShiftId { get; set; }

    public required string UserId { get; set; }
}

/// <summary>
/// A handover note (交接班记录) that the outgoing shift writes for the incoming one; the incoming leader
/// acknowledges it once.
/// </summary>
public sealed class HandoverNote
{
    public const int MaxTextLength = 4000;

    public long Id { get; set; }

    /// <summary>The outgoing shift that wrote the note.</summary>
    public long ShiftId { get; set; }

    /// <summary>The shift that takes over; null when the roster has no later shift yet.</summary>
    public long? IncomingShiftId { get; set; }

    public required string Text { get; set; }

    /// <summary>Work the incoming shift must follow up: faults still open, visits due.</summary>
    public string? OpenItems { get; set; }

    public required string AuthorUserId { get; set; }

    public DateTimeOffset WrittenAt { get; set; }

    public string? AcknowledgedByUserId { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public bool IsAcknowledged => AcknowledgedAt is not null;

    /// <summary>Records the incoming side's acknowledgement; a note is acknowledged once.</summary>
    public Result<HandoverNote> Acknowledge(string userId, DateTimeOffset at)
    {
        if (IsAcknowledged)
        {
            return Error.Conflict("duty.handover.already_acknowledged", Bilingual.Join(
                $"交接班记录 {Id} 已于 {AcknowledgedAt:yyyy-MM-dd HH:mm} (UTC) 确认，无需再次确认。",
                $"Handover note {Id} was already acknowledged at {AcknowledgedAt:yyyy-MM-dd HH:mm} UTC."));
        }

        AcknowledgedByUserId = userId;
        AcknowledgedAt = at;
        return this;
    }
}
