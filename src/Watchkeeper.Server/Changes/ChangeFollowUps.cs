using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

/// <summary>What one follow-up of a change did.</summary>
public sealed record ChangeFollowUpResult(bool Reminded, bool Escalated, bool Overdue, bool Overran)
{
    public static ChangeFollowUpResult Nothing { get; } = new(false, false, false, false);

    public bool Any => Reminded || Escalated || Overdue || Overran;
}

/// <summary>
/// Follows up the changes left waiting: reminds the approvers of waiting steps and then escalates past them to the
/// project managers, notifies the leadership when an emergency change is still unapproved at its deadline, and escalates a
/// permit window that runs over to the approvers, extending the window, its maintenance window and the notice. Each
/// follow-up is recorded on the change's history in the save that queues its messages, so it happens once.
/// </summary>
public sealed partial class ChangeFollowUps(
    WatchkeeperDbContext db,
    ChangeService changes,
    ChangeNotices notices,
    NotificationSender sender,
    OrganizationDirectory organizations,
    IOptions<ChangeOptions> options,
    ILogger<ChangeFollowUps> logger)
{
    /// <summary>Returns the changes that may owe a follow-up at <paramref name="now"/>. <see cref="FollowUpAsync"/> decides exactly.</summary>
    public async Task<IReadOnlyList<long>> CandidatesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var waiting = await db.ChangeRequests.AsNoTracking()
            .Where(c => c.ApprovedAt == null && c.State != ChangeState.Draft && c.State != ChangeState.Cancelled
                && (c.State == ChangeState.PendingApproval || c.Type == ChangeType.Emergency))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        var running = await db.ChangeRequests.AsNoTracking()
            .Where(c => (c.State == ChangeState.PermitIssued || c.State == ChangeState.InProgress) && c.Permit!.WindowEnd <= now)
            .OrderBy(c => c.Id).Select(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. waiting.Union(running).Order()];
    }

    /// <summary>Acts on what change <paramref name="id"/> owes at <paramref name="now"/> and saves it.</summary>
    public async Task<ChangeFollowUpResult> FollowUpAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var change = await changes.LoadAsync(id, cancellationToken);
        if (change is null)
        {
            return ChangeFollowUpResult.Nothing;
        }

        var settings = options.Value;
        var messages = new List<(IReadOnlyList<string> UserIds, NotificationMessage Message)>();
        var reminded = false;
        var escalated = false;
        switch (change.ApprovalFollowUpDue(now, TimeSpan.FromHours(settings.ApprovalReminderHours), settings.RemindersBeforeEscalation))
        {
            case ApprovalFollowUp.Remind:
                var approvers = await WaitingApproversAsync(change, cancellationToken);
                change.RecordApprovalReminder(await NamesAsync(approvers, cancellationToken), now, escalated: false);
                messages.Add((approvers, Reminder(change)));
                reminded = true;
                break;
            case ApprovalFollowUp.Escalate:
                var managers = await RoleMembersAsync(change, BuiltInRoles.ProjectManager, cancellationToken);
                change.RecordApprovalReminder(await NamesAsync(managers, cancellationToken), now, escalated: true);
                messages.Add((managers, Escalation(change, settings.RemindersBeforeEscalation)));
                escalated = true;
                break;
        }

        var overdue = false;
        if (change.IsApprovalOverdue(now))
        {
            var leaders = (await RoleMembersAsync(change, BuiltInRoles.Leadership, cancellationToken))
                .Union(await RoleMembersAsync(change, BuiltInRoles.ProjectManager, cancellationToken)).ToList();
            overdue = change.RecordApprovalOverdue(await NamesAsync(leaders, cancellationToken), now);
            messages.Add((leaders, Overdue(change)));
        }

        var overran = false;
        if (change.IsOverrunDue(now))
        {
            var people = await OverrunAudienceAsync(change, cancellationToken);
            var end = change.Permit!.WindowEnd;
            overran = change.RecordOverrun(await NamesAsync(people, cancellationToken), now);
            var extendedTo = await ExtendAsync(change, end, now, cancellationToken);
            messages.Add((people, Overrun(change, end, extendedTo)));
        }

        if (!reminded && !escalated && !overdue && !overran)
        {
            return ChangeFollowUpResult.Nothing;
        }

        foreach (var (userIds, message) in messages)
        {
            await QueueAsync(change, userIds, message, now, cancellationToken);
        }

        var saved = await changes.SaveAsync(change, "follow-up", UserAccess.Platform, cancellationToken);
        if (!saved.IsSuccess)
        {
            // Another user or worker saved the change meanwhile, so the next pass looks at it again.
            LogSaveConflict(change.Id, saved.FirstError.Code);
            return ChangeFollowUpResult.Nothing;
        }

        LogFollowedUp(change.Id, reminded, escalated, overdue, overran);
        return new ChangeFollowUpResult(reminded, escalated, overdue, overran);
    }

    /// <summary>
    /// Moves the window of work in progress on by <see cref="ChangeOptions.OverrunExtensionHours"/> and sends the extension
    /// notice. A permit whose work never started is only escalated: it lapses rather than growing.
    /// </summary>
    private async Task<DateTimeOffset?> ExtendAsync(ChangeRequest change, DateTimeOffset end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var extension = TimeSpan.FromHours(Math.Max(0, options.Value.OverrunExtensionHours));
        if (change.State != ChangeState.InProgress || extension == TimeSpan.Zero)
        {
            return null;
        }

        var newEnd = (now > end ? now : end) + extension;
        if (!change.ExtendWindow(newEnd, "工作超出许可窗口，平台自动延长 / The work ran past its window; the platform extended it", null, now).IsSuccess)
        {
            return null;
        }

        await changes.ExtendMaintenanceWindowAsync(change, cancellationToken);
        if (change.CurrentNotice is not null)
        {
            await notices.SendAsync(db, change, NoticeKind.Extension, change.Permit!.WindowStart, newEnd, null, null, null, null, now, cancellationToken);
        }

        return newEnd;
    }

    /// <summary>Returns who may decide on the waiting steps now: each entry not approved yet, or its delegate.</summary>
    private async Task<IReadOnlyList<string>> WaitingApproversAsync(ChangeRequest change, CancellationToken cancellationToken)
    {
        var decisions = change.CurrentApprovals;
        var delegations = change.Delegations.Where(d => d.Round == change.ApprovalRound).ToList();
        var entries = new List<string>();
        foreach (var step in ApprovalChain.Active(change.ApprovalSteps, decisions))
        {
            var approved = decisions.Where(d => d.StepName == step.Name && d.Approved).Select(d => d.Entry).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in step.Approvers.Where(e => !approved.Contains(e)))
            {
                entries.Add(delegations.LastOrDefault(d => d.StepName == step.Name && d.Entry == entry) is { } delegation
                    ? $"user:{delegation.ToUserId}"
                    : entry);
            }
        }

        return await ResolveEntriesAsync(change, entries, cancellationToken);
    }

    /// <summary>Returns everyone on the change's approval steps, who decided on them, the implementer and the permit's responsible person.</summary>
    private async Task<IReadOnlyList<string>> OverrunAudienceAsync(ChangeRequest change, CancellationToken cancellationToken)
    {
        var people = (await ResolveEntriesAsync(change, [.. change.ApprovalSteps.SelectMany(s => s.Approvers)], cancellationToken)).ToHashSet(StringComparer.Ordinal);
        people.UnionWith(change.CurrentApprovals.Select(a => a.UserId));
        if (change.ImplementerUserId is { } implementer)
        {
            people.Add(implementer);
        }

        if (change.Permit?.ResponsibleUserId is { Length: > 0 } responsible)
        {
            people.Add(responsible);
        }

        return [.. people.Order(StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<string>> ResolveEntriesAsync(ChangeRequest change, IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.Distinct(StringComparer.Ordinal))
        {
            if (entry.StartsWith("user:", StringComparison.Ordinal))
            {
                users.Add(entry["user:".Length..]);
            }
            else if (entry.StartsWith("role:", StringComparison.Ordinal))
            {
                users.UnionWith(await RoleMembersAsync(change, entry["role:".Length..], cancellationToken));
            }
        }

        return [.. users.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Returns the enabled members of <paramref name="role"/> who can see the change: administrators, and users of its organization
    /// or of one above it.
    /// </summary>
    private async Task<IReadOnlyList<string>> RoleMembersAsync(ChangeRequest change, string role, CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var above = new HashSet<long>();
        for (var current = tree.Find(change.OrganizationId); current is not null && above.Add(current.Id);
             current = current.ParentId is { } parent ? tree.Find(parent) : null)
        {
        }

        var members = await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(m => m.Name == role).Select(m => m.UserId).ToListAsync(cancellationToken);
        var administrators = await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(m => m.Name == BuiltInRoles.Administrator && members.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(cancellationToken);
        var inScope = await db.UserOrganizations.AsNoTracking().Where(m => members.Contains(m.UserId) && above.Contains(m.OrganizationId))
            .Select(m => m.UserId).ToListAsync(cancellationToken);
        var enabled = await db.Users.AsNoTracking().Where(u => members.Contains(u.Id) && !u.IsDisabled).Select(u => u.Id).ToListAsync(cancellationToken);
        return [.. administrators.Union(inScope).Intersect(enabled).Order(StringComparer.Ordinal)];
    }

    private async Task<string> NamesAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return "—";
        }

        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => u.DisplayName ?? u.UserName ?? u.Id)
            .ToListAsync(cancellationToken);
        return string.Join(", ", names.Order(StringComparer.Ordinal));
    }

    private async Task QueueAsync(ChangeRequest change, IReadOnlyList<string> userIds, NotificationMessage message, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var people = await sender.ResolveAsync(db, new Audience(userIds, [], DutyRoster: false), [], now, cancellationToken);
        if (await ChangeNotices.QueueAsync(db, people.Select(p => (p.Name, p.Email, p.Mobile)), message, now, cancellationToken) == 0)
        {
            LogNobodyReached(change.Id, message.Subject);
        }
    }

    private NotificationMessage Reminder(ChangeRequest change)
    {
        var steps = string.Join("、", ApprovalChain.Active(change.ApprovalSteps, change.CurrentApprovals).Select(s => s.Name));
        return Message(change, "变更待审批", "Approval pending",
        [
            $"变更 {change.Number}「{change.Title}」等待您审批 / Change {change.Number} waits for your approval",
            $"待审步骤 / Waiting steps: {steps}",
            $"等待自 / Waiting since: {Local(change.StepsWaitingSince)}",
        ]);
    }

    private NotificationMessage Escalation(ChangeRequest change, int reminders) => Message(change, "变更审批超时", "Approval overdue",
    [
        $"变更 {change.Number}「{change.Title}」的审批人已被提醒 {reminders} 次仍未处理 / The approvers of change {change.Number} were reminded {reminders} times without a decision",
        $"等待自 / Waiting since: {Local(change.StepsWaitingSince)}",
        "请督促审批或调整审批人 / Please chase the approvers or name others",
    ]);

    private NotificationMessage Overdue(ChangeRequest change) => Message(change, "紧急变更未补批", "Emergency change unapproved",
    [
        $"紧急变更 {change.Number}「{change.Title}」须在 {Local(change.ApprovalDueAt)} 前补办审批，至今未批准 / Emergency change {change.Number} had to be approved by {Local(change.ApprovalDueAt)} and is still unapproved",
        "请领导审批或要求回退 / Please approve it or have it rolled back",
    ]);

    private NotificationMessage Overrun(ChangeRequest change, DateTimeOffset end, DateTimeOffset? extendedTo) => Message(change, "变更超出窗口", "Window overrun",
    [
        $"变更 {change.Number}「{change.Title}」的工作超出许可窗口（结束于 {Local(end)}） / The work of change {change.Number} ran past its permit window, which ended at {Local(end)}",
        extendedTo is { } newEnd
            ? $"窗口、维护期和通告已自动延长至 {Local(newEnd)} / The window, the maintenance window and the notice were extended to {Local(newEnd)}"
            : "工作未开始，许可已过期 / The work never started; the permit lapsed",
        $"负责人 / Responsible: {change.Permit?.ResponsibleUserId}",
    ]);

    private static NotificationMessage Message(ChangeRequest change, string headingZh, string headingEn, IReadOnlyList<string> lines)
    {
        string[] all = [.. lines, $"详情 / Details: /changes/{change.Id}"];
        return new NotificationMessage(
            $"【{headingZh}】{change.Number} {change.Title} / [{headingEn}] {change.Number}",
            string.Join("\n", all),
            "<p>" + string.Join("<br>", all.Select(WebUtility.HtmlEncode)) + "</p>");
    }

    private string Local(DateTimeOffset? at) => at is { } value
        ? TimeZoneInfo.ConvertTime(value, notices.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "—";

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId} followed up: reminded {Reminded}, escalated {Escalated}, overdue {Overdue}, overran {Overran}")]
    private partial void LogFollowedUp(long changeId, bool reminded, bool escalated, bool overdue, bool overran);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId} was saved by someone else during its follow-up ({Code}); the next pass retries")]
    private partial void LogSaveConflict(long changeId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change {ChangeId}: \"{Subject}\" reached nobody; no receiver has an address on an enabled e-mail or SMS channel")]
    private partial void LogNobodyReached(long changeId, string subject);
}
