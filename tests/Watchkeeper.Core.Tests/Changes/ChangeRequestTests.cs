using Watchkeeper.Core.Changes;

namespace Watchkeeper.Core.Tests.Changes;

public sealed class ChangeRequestTests
{
    // Monday 2026-12-07 02:00 UTC (10:00 in Shanghai). The window is Wednesday night, 14:00-18:00 UTC.
    private static readonly DateTimeOffset s_now = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_windowStart = new(2026, 12, 9, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_windowEnd = new(2026, 12, 9, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_lead = TimeSpan.FromHours(24);
    private static readonly string s_checksum = new('a', 64);

    private static readonly ApproverIdentity s_business = new("u-business", new HashSet<string> { "BusinessDepartment" });
    private static readonly ApproverIdentity s_technical = new("u-technical", new HashSet<string> { "TechnicalManagementUnit" });
    private static readonly ApproverIdentity s_leader = new("u-leader", new HashSet<string> { "Leadership" });
    private static readonly ApproverIdentity s_deputy = new("u-deputy", new HashSet<string>());

    private static readonly ApprovalStepSnapshot[] s_minorChain = [new(1, "技术归口单位", ApprovalMode.Any, ["role:TechnicalManagementUnit"])];

    // Business department and technical management unit in parallel, then leadership.
    private static readonly ApprovalStepSnapshot[] s_majorChain =
    [
        new(1, "业务管理部门", ApprovalMode.Any, ["role:BusinessDepartment"]),
        new(1, "技术归口单位", ApprovalMode.Any, ["role:TechnicalManagementUnit"]),
        new(2, "领导审批", ApprovalMode.All, ["role:Leadership"]),
    ];

    private static ChangeRequest NewChange(ChangeType type) => ChangeRequest.Create(
        new ChangeDraft(type, 7, "升级 3 号录像机固件", "修复录像丢失缺陷", "NVR-03 固件 V4.1 升级到 V4.2", s_windowStart, s_windowEnd, [3, 31, 32], [7],
            RollbackPlan: "回退到 V4.1 备份固件", ImplementerUserId: "u-vendor"),
        "u-vendor", s_now);

    private static ChangePermit Permit() => new()
    {
        Number = "XK-1", WindowStart = s_windowStart, WindowEnd = s_windowEnd, ResponsibleUserId = "u-vendor", SafetyMeasures = "先备份配置，保留旧固件",
    };

    private static void SendNotice(ChangeRequest change, DateTimeOffset at, NoticeKind kind = NoticeKind.Advance, DateTimeOffset? end = null) =>
        change.RecordNotice(kind, s_windowStart, end ?? s_windowEnd, "3 号录像机及其 2 路通道", "期间调阅请使用中心存储备份", "值班电话 8888", "u-vendor", at)
            .IsSuccess.ShouldBeTrue();

    private static ChangeRequest ApprovedMinor()
    {
        var change = NewChange(ChangeType.Minor);
        change.Submit(s_minorChain, "u-vendor", s_now).IsSuccess.ShouldBeTrue();
        change.Approve(s_technical, "同意", s_now.AddHours(1)).IsSuccess.ShouldBeTrue();
        return change;
    }

    [Fact]
    public void Minor_WholeLife_PermitThenClosureThenReview()
    {
        var change = ApprovedMinor();
        change.State.ShouldBe(ChangeState.Approved);

        var refused = change.IssuePermit(Permit(), s_lead, "u-lead", s_now.AddHours(2));
        refused.Errors.Select(e => e.Code).ShouldBe(["change.permit.backup_missing", "change.permit.notice_missing"]);
        change.State.ShouldBe(ChangeState.Approved);

        change.RecordBackup("NVR-03 配置与固件", "\\\\backup\\nvr03\\20261207", 52_428_800, s_checksum, "u-vendor", s_now.AddHours(2)).IsSuccess.ShouldBeTrue();
        SendNotice(change, s_now.AddHours(3));
        change.IssuePermit(Permit(), s_lead, "u-lead", s_now.AddHours(4)).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.PermitIssued);

        change.Start([], "u-vendor", s_windowStart.AddMinutes(-1)).Error!.Code.ShouldBe("change.window.not_started");
        change.Start([], "u-vendor", s_windowStart).IsSuccess.ShouldBeTrue();
        change.RecordVersion(3, "NVR-03", "V4.1.0", "V4.2.0", "u-vendor", s_windowStart.AddHours(1)).IsSuccess.ShouldBeTrue();
        change.Close(ChangeOutcome.Successful, "升级完成，录像正常", "恢复原录像计划", [], null, "u-vendor", s_windowStart.AddHours(2)).IsSuccess.ShouldBeTrue();
        change.Review("升级后一周无录像丢失", "u-lead", s_windowStart.AddDays(7)).IsSuccess.ShouldBeTrue();

        change.State.ShouldBe(ChangeState.Reviewed);
        change.Activities.Select(a => a.Action).ShouldBe(
        [
            ChangeAction.Created, ChangeAction.Submitted, ChangeAction.Approved, ChangeAction.StepCompleted, ChangeAction.ApprovalCompleted,
            ChangeAction.BackupRecorded, ChangeAction.NoticeSent, ChangeAction.PermitIssued, ChangeAction.Started, ChangeAction.VersionRecorded,
            ChangeAction.Closed, ChangeAction.Reviewed,
        ]);
    }

    [Fact]
    public void Approve_MajorChain_LeaderWaitsForBothDepartments()
    {
        var change = NewChange(ChangeType.Major);
        change.Submit(s_majorChain, "u-vendor", s_now).Error!.Code.ShouldBe("change.plan.missing");
        change.AddPlanVersion("# 技术实施方案 v1", "u-vendor", "初稿", s_now).IsSuccess.ShouldBeTrue();
        change.AddPlanVersion("# 技术实施方案 v2", "u-business", "补充业务影响", s_now.AddMinutes(30)).IsSuccess.ShouldBeTrue();
        change.PlanAuthors.ShouldBe(["u-vendor", "u-business"]);
        change.Submit(s_majorChain, "u-vendor", s_now.AddHours(1)).IsSuccess.ShouldBeTrue();

        change.Approve(s_leader, "同意", s_now.AddHours(2)).Error!.Code.ShouldBe("change.approval.not_approver");
        change.Approve(s_technical, "同意", s_now.AddHours(2)).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.PendingApproval);
        change.Approve(s_technical, "再次同意", s_now.AddHours(2)).Error!.Code.ShouldBe("change.approval.not_approver");
        change.Approve(s_business, "同意", s_now.AddHours(3)).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.PendingApproval);
        change.Approve(s_leader, "同意实施", s_now.AddHours(4)).IsSuccess.ShouldBeTrue();

        change.State.ShouldBe(ChangeState.Approved);
        change.ApprovedAt.ShouldBe(s_now.AddHours(4));
    }

    [Fact]
    public void Major_PermitGates_TrialRunSignedOffAndNoticeInTime()
    {
        var change = NewChange(ChangeType.Major);
        change.AddPlanVersion("# 技术实施方案", "u-vendor", null, s_now);
        change.Submit(s_majorChain, "u-vendor", s_now);
        foreach (var approver in new[] { s_business, s_technical, s_leader })
        {
            change.Approve(approver, "同意", s_now).IsSuccess.ShouldBeTrue();
        }

        change.RecordBackup("平台数据库全量备份", "/backup/db/20261207.dump", 1_073_741_824, s_checksum, "u-vendor", s_now);
        change.RecordTrialRun("测试环境", "1. 升级 2. 回放录像", "通过", "截图 3 张", passed: true, signedOffBy: null, "u-vendor", s_now)
            .Error!.Code.ShouldBe("change.trial_run.unsigned");
        change.RecordTrialRun("测试环境", "1. 升级 2. 回放录像", "回放卡顿", "", passed: false, signedOffBy: null, "u-vendor", s_now).IsSuccess.ShouldBeTrue();

        // The notice goes out 20 h before the window, 4 h later than the 24 h lead time allows.
        SendNotice(change, s_windowStart.AddHours(-20));
        change.IssuePermit(Permit(), s_lead, "u-lead", s_windowStart.AddHours(-2)).Errors.Select(e => e.Code)
            .ShouldBe(["change.permit.trial_run_missing", "change.permit.notice_late"]);

        change.RecordTrialRun("测试环境", "1. 升级 2. 回放录像", "通过", "截图 3 张", passed: true, signedOffBy: "测试负责人 刘强", "u-vendor", s_now.AddHours(1));
        var lateWindow = Permit();
        lateWindow.WindowStart = s_windowStart.AddDays(1);
        lateWindow.WindowEnd = s_windowEnd.AddDays(1);
        change.IssuePermit(lateWindow, s_lead, "u-lead", s_windowStart).Errors.Select(e => e.Code).ShouldBe(["change.permit.notice_window"]);

        // A correction moves the window a day on: the first notice, 44 h before the new window, is now in time.
        change.RecordNotice(NoticeKind.Correction, lateWindow.WindowStart, lateWindow.WindowEnd, "3 号录像机", "使用中心存储", "8888", "u-vendor", s_windowStart);
        change.IssuePermit(lateWindow, s_lead, "u-lead", s_windowStart).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Reject_ThenResubmit_NewRoundIgnoresOldDecisions()
    {
        var change = NewChange(ChangeType.Minor);
        change.Submit(s_minorChain, "u-vendor", s_now);
        change.Reject(s_technical, " ", s_now).Error!.Code.ShouldBe("change.reason.required");
        change.Reject(s_technical, "回退方案不完整", s_now.AddHours(1)).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.Rejected);

        change.Submit(s_minorChain, "u-vendor", s_now.AddHours(2)).IsSuccess.ShouldBeTrue();
        change.ApprovalRound.ShouldBe(2);
        change.CurrentApprovals.ShouldBeEmpty();
        change.Approve(s_technical, "同意", s_now.AddHours(3)).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.Approved);
        change.Approvals.Select(a => (a.Round, a.Approved)).ShouldBe([(1, false), (2, true)]);
    }

    [Fact]
    public void Delegate_LeaderToDeputy_DeputyAnswersForTheLeaderAlone()
    {
        var change = NewChange(ChangeType.Minor);
        ApprovalStepSnapshot[] chain = [new(1, "领导审批", ApprovalMode.Any, ["user:u-leader"])];
        change.Submit(chain, "u-vendor", s_now);

        change.Delegate(s_leader, "u-leader", null, s_now).Error!.Code.ShouldBe("change.delegate.invalid");
        change.Delegate(s_leader, "u-deputy", "出差期间由副职审批", s_now).IsSuccess.ShouldBeTrue();
        change.Approve(s_leader, "同意", s_now.AddHours(1)).Error!.Code.ShouldBe("change.approval.not_approver");
        change.Approve(s_deputy, "同意", s_now.AddHours(1)).IsSuccess.ShouldBeTrue();

        change.State.ShouldBe(ChangeState.Approved);
        var decision = change.Approvals.ShouldHaveSingleItem();
        (decision.UserId, decision.OnBehalfOfUserId, decision.Entry).ShouldBe(("u-deputy", "u-leader", "user:u-leader"));
    }

    [Fact]
    public void AllMode_TwoLeaders_EachEntryNeedsItsOwnPerson()
    {
        var change = NewChange(ChangeType.Minor);
        var other = new ApproverIdentity("u-leader-2", new HashSet<string> { "Leadership", "TechnicalManagementUnit" });
        ApprovalStepSnapshot[] chain = [new(1, "会签", ApprovalMode.All, ["role:Leadership", "role:TechnicalManagementUnit"])];
        change.Submit(chain, "u-vendor", s_now);

        change.Approve(other, "同意", s_now).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.PendingApproval); // one person answers one entry of a step
        change.Approve(s_leader, "同意", s_now).Error!.Code.ShouldBe("change.approval.not_approver"); // Leadership is answered
        change.Approve(s_technical, "同意", s_now).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.Approved);
    }

    [Fact]
    public void Standard_Submit_ApprovedByItsTemplate()
    {
        var change = NewChange(ChangeType.Standard);
        change.Submit([], "u-vendor", s_now).IsSuccess.ShouldBeTrue();

        change.State.ShouldBe(ChangeState.Approved);
        SendNotice(change, s_now);
        change.IssuePermit(Permit(), s_lead, "u-lead", s_now).IsSuccess.ShouldBeTrue(); // no backup needed
    }

    [Fact]
    public void Emergency_PermitFirst_ApprovedAfterTheFact()
    {
        var change = NewChange(ChangeType.Emergency);
        change.Submit(s_minorChain, "u-vendor", s_now, approvalDueAt: s_now.AddHours(24)).IsSuccess.ShouldBeTrue();
        change.ApprovalDueAt.ShouldBe(s_now.AddHours(24));

        // A notice sent just now is in time: an emergency waives the lead time, and needs no backup before the permit.
        var permit = Permit();
        permit.WindowStart = s_now;
        permit.WindowEnd = s_now.AddHours(2);
        change.RecordNotice(NoticeKind.Advance, s_now, s_now.AddHours(2), "全平台", "启用备用服务器", "8888", "u-vendor", s_now);
        change.IssuePermit(permit, s_lead, "u-lead", s_now).IsSuccess.ShouldBeTrue();
        change.Start([], "u-vendor", s_now).IsSuccess.ShouldBeTrue();
        change.AwaitsDecisions.ShouldBeTrue();

        change.Approve(s_technical, "事后确认", s_now.AddHours(3)).IsSuccess.ShouldBeTrue();
        change.State.ShouldBe(ChangeState.InProgress);
        change.ApprovedAt.ShouldBe(s_now.AddHours(3));
        change.AwaitsDecisions.ShouldBeFalse();
    }

    [Fact]
    public void ApprovalFollowUp_UnansweredReminders_Escalate()
    {
        var interval = TimeSpan.FromHours(8);
        var change = NewChange(ChangeType.Major);
        change.AddPlanVersion("实施方案 V1", "u-vendor", null, s_now).IsSuccess.ShouldBeTrue();
        change.Submit(s_majorChain, "u-vendor", s_now).IsSuccess.ShouldBeTrue();

        change.ApprovalFollowUpDue(s_now.AddHours(8).AddSeconds(-1), interval, 2).ShouldBe(ApprovalFollowUp.None);
        change.ApprovalFollowUpDue(s_now.AddHours(8), interval, 2).ShouldBe(ApprovalFollowUp.Remind);
        change.RecordApprovalReminder("业务管理部门", s_now.AddHours(8), escalated: false);
        change.ApprovalFollowUpDue(s_now.AddHours(15), interval, 2).ShouldBe(ApprovalFollowUp.None);
        change.ApprovalFollowUpDue(s_now.AddHours(16), interval, 2).ShouldBe(ApprovalFollowUp.Remind);
        change.RecordApprovalReminder("业务管理部门", s_now.AddHours(16), escalated: false);
        change.ApprovalFollowUpDue(s_now.AddHours(24), interval, 2).ShouldBe(ApprovalFollowUp.Escalate);
        change.RecordApprovalReminder("项目经理", s_now.AddHours(24), escalated: true);
        change.ApprovalFollowUpDue(s_now.AddHours(100), interval, 2).ShouldBe(ApprovalFollowUp.None);

        // Both departments approve: the leadership step starts waiting and its count starts from nothing.
        change.Approve(s_business, "同意", s_now.AddHours(30)).IsSuccess.ShouldBeTrue();
        change.Approve(s_technical, "同意", s_now.AddHours(31)).IsSuccess.ShouldBeTrue();
        change.ApprovalFollowUpDue(s_now.AddHours(38).AddSeconds(-1), interval, 2).ShouldBe(ApprovalFollowUp.None);
        change.ApprovalFollowUpDue(s_now.AddHours(39), interval, 2).ShouldBe(ApprovalFollowUp.Remind);

        change.Approve(s_leader, "同意", s_now.AddHours(40)).IsSuccess.ShouldBeTrue();
        change.ApprovalFollowUpDue(s_now.AddHours(100), interval, 2).ShouldBe(ApprovalFollowUp.None);
    }

    [Fact]
    public void ApprovalOverdue_PastDeadline_RecordedOnce()
    {
        var change = NewChange(ChangeType.Emergency);
        change.Submit(s_minorChain, "u-vendor", s_now, approvalDueAt: s_now.AddHours(24)).IsSuccess.ShouldBeTrue();

        change.IsApprovalOverdue(s_now.AddHours(24).AddSeconds(-1)).ShouldBeFalse();
        change.RecordApprovalOverdue("领导", s_now.AddHours(23)).ShouldBeFalse();
        change.RecordApprovalOverdue("领导", s_now.AddHours(24)).ShouldBeTrue();
        change.RecordApprovalOverdue("领导", s_now.AddHours(30)).ShouldBeFalse();
        change.Activities[^1].Action.ShouldBe(ChangeAction.ApprovalOverdue);

        change.Approve(s_technical, "事后确认", s_now.AddHours(31)).IsSuccess.ShouldBeTrue();
        change.IsApprovalOverdue(s_now.AddHours(40)).ShouldBeFalse();
        NewChange(ChangeType.Minor).IsApprovalOverdue(s_now.AddDays(30)).ShouldBeFalse();
    }

    [Fact]
    public void Close_HealthRegression_BlockedUntilExplained()
    {
        var change = ApprovedMinor();
        change.RecordBackup("配置", "/backup", 1, s_checksum, "u-vendor", s_now);
        SendNotice(change, s_now);
        change.IssuePermit(Permit(), s_lead, "u-lead", s_now);
        change.Start([], "u-vendor", s_windowStart);
        HealthRegression[] regressions = [new(31, "通道 1", RegressionKind.WentOffline, "")];

        var blocked = change.Close(ChangeOutcome.Successful, "升级完成", "", regressions, "  ", "u-vendor", s_windowEnd);
        blocked.Error!.Code.ShouldBe("change.closure.regression");
        blocked.Error.Message.ShouldContain("通道 1: WentOffline");
        change.State.ShouldBe(ChangeState.InProgress);

        change.Close(ChangeOutcome.PartlySuccessful, "升级完成", "", regressions, "通道 1 摄像机电源故障，已另开工单", "u-vendor", s_windowEnd)
            .IsSuccess.ShouldBeTrue();
        change.Regressions.ShouldBe(regressions);
    }

    [Fact]
    public void Overrun_OncePerWindowEnd_ExtensionRearms()
    {
        var change = ApprovedMinor();
        change.RecordBackup("配置", "/backup", 1, s_checksum, "u-vendor", s_now);
        SendNotice(change, s_now);
        change.IssuePermit(Permit(), s_lead, "u-lead", s_now);
        change.Start([], "u-vendor", s_windowStart);

        change.IsOverrunDue(s_windowEnd.AddSeconds(-1)).ShouldBeFalse();
        change.RecordOverrun("approvers", s_windowEnd).ShouldBeTrue();
        change.RecordOverrun("approvers", s_windowEnd.AddMinutes(5)).ShouldBeFalse();

        change.ExtendWindow(s_windowEnd, "未完成", "u-vendor", s_windowEnd).Error!.Code.ShouldBe("change.window.extension_invalid");
        change.ExtendWindow(s_windowEnd.AddHours(2), "数据迁移未完成", "u-vendor", s_windowEnd.AddMinutes(10)).IsSuccess.ShouldBeTrue();
        change.IsOverrunDue(s_windowEnd.AddHours(1)).ShouldBeFalse();
        change.RecordOverrun("approvers", s_windowEnd.AddHours(2)).ShouldBeTrue();
        change.Activities.Count(a => a.Action == ChangeAction.Overran).ShouldBe(2);
    }

    [Fact]
    public void Backup_ChecksumNotHex_Refused()
    {
        var change = NewChange(ChangeType.Minor);
        change.RecordBackup("配置", "/backup", 1, "abc", "u-vendor", s_now).Error!.Message.ShouldContain("abc");
        change.RecordBackup("配置", "/backup", 1, new string('g', 64), "u-vendor", s_now).IsSuccess.ShouldBeFalse();
        change.Backups.ShouldBeEmpty();
    }

    [Fact]
    public void Cancel_AfterPermit_CancellationNoticeStillAllowed()
    {
        var change = ApprovedMinor();
        change.Cancel("", "u-vendor", s_now).Error!.Code.ShouldBe("change.reason.required");
        change.Cancel("业务高峰期，改期", "u-vendor", s_now).IsSuccess.ShouldBeTrue();

        change.RecordNotice(NoticeKind.Cancellation, s_windowStart, s_windowEnd, "3 号录像机", "无需应对", "8888", "u-vendor", s_now).IsSuccess.ShouldBeTrue();
        change.CurrentNotice.ShouldBeNull();
        change.Start([], "u-vendor", s_windowStart).Error!.Code.ShouldBe("change.transition.illegal");
    }
}
