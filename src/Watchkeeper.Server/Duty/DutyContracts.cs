namespace Watchkeeper.Server.Duty;

/// <summary>A user as the roster shows one.</summary>
public sealed record DutyUserView(string Id, string UserName, string? DisplayName);

/// <summary>A user on duty, with the contacts that alarm notifications use.</summary>
public sealed record OnDutyUser(string Id, string UserName, string? DisplayName, bool IsLeader, string? PhoneNumber, string? Email,
    string? DingTalkId, string? WeComId, string? FeishuId);

public sealed record ShiftTemplateInput(string? Name, string? Start, string? End);

/// <summary>Creates or replaces a team. Times are local, "HH:mm".</summary>
public sealed record DutyTeamInput(string? Name, long? OrganizationId, string? LeaderUserId, IReadOnlyList<string>? MemberUserIds,
    IReadOnlyList<ShiftTemplateInput>? Templates);

public sealed record ShiftTemplateView(long Id, string Name, string Start, string End);

public sealed record DutyTeamView(long Id, string Name, long OrganizationId, string OrganizationPath, DutyUserView? Leader,
    IReadOnlyList<DutyUserView> Members, IReadOnlyList<ShiftTemplateView> Templates);

/// <summary>
/// Creates or replaces one shift. Date is the local start date ("yyyy-MM-dd"); Start and End are local "HH:mm" and
/// may be left out when Name is one of the team's templates. UserIds left out means the team's members.
/// </summary>
public sealed record DutyShiftInput(long? TeamId, string? Date, string? Name, string? Start, string? End, string? LeaderUserId,
    IReadOnlyList<string>? UserIds);

public sealed record HandoverNoteView(long Id, long ShiftId, long? IncomingShiftId, string Text, string? OpenItems, DutyUserView Author,
    DateTimeOffset WrittenAt, DutyUserView? AcknowledgedBy, DateTimeOffset? AcknowledgedAt);

/// <summary>A shift with its team, its users and the handover notes it wrote or received. Times carry the roster's offset.</summary>
public sealed record DutyShiftView(long Id, long TeamId, string TeamName, long OrganizationId, DateOnly Date, string Name,
    DateTimeOffset StartAt, DateTimeOffset EndAt, DutyUserView? Leader, IReadOnlyList<DutyUserView> Users,
    IReadOnlyList<HandoverNoteView> HandoverNotes);

/// <summary>A shift on duty at one instant, with its users' contacts.</summary>
public sealed record OnDutyShift(long ShiftId, long TeamId, string TeamName, long TeamOrganizationId, string Name,
    DateTimeOffset StartAt, DateTimeOffset EndAt, IReadOnlyList<OnDutyUser> Users);

/// <summary>
/// The shifts on duty for an organization at an instant. <see cref="ServedByOrganizationId"/> is the organization whose
/// teams are on duty: the organization itself or its nearest ancestor with a shift then. It is null when no such shift exists.
/// </summary>
public sealed record OnDutyView(long OrganizationId, DateTimeOffset At, long? ServedByOrganizationId, IReadOnlyList<OnDutyShift> Shifts);

/// <summary>
/// Generates shifts from the teams' templates: the teams take turns in the order given, DaysPerTeam days each.
/// TemplateName limits generation to the templates of that name (e.g. only 夜班).
/// </summary>
public sealed record RosterGenerateInput(string? From, string? To, IReadOnlyList<long>? TeamIds, int? DaysPerTeam, string? TemplateName);

public sealed record RosterGenerateResult(int Created, DateOnly From, DateOnly To, IReadOnlyList<long> ShiftIds);

public sealed record HandoverNoteInput(string? Text, string? OpenItems, long? IncomingShiftId);

/// <summary>The user acting on the roster, and whether the user may act for any shift (DutyRoster.Administer).</summary>
public sealed record DutyActor(string UserId, bool CanAdminister);
