using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Changes;

/// <summary>The change workflow's expected failures, each saying what to do.</summary>
public static class ChangeErrors
{
    public static Error IllegalTransition(long id, ChangeState state, string action) => Error.Conflict("change.transition.illegal", Bilingual.Join(
        $"变更 {id} 处于“{state}”状态，不能执行“{action}”。请刷新后按当前状态操作。",
        $"Change {id} is {state} and cannot '{action}'. Refresh and act on its current state."), "action");

    public static Error ChainMissing(ChangeType type) => Error.Conflict("change.approval.chain_missing", Bilingual.Join(
        $"“{type}”类变更没有配置审批链，请管理员先在审批链设置中配置。",
        $"No approval chain is set up for {type} changes; ask an administrator to set one up first."), "type");

    public static Error PlanMissing(long id) => Error.Conflict("change.plan.missing", Bilingual.Join(
        $"重大更改 {id} 须先上传技术实施方案再提交审批。", $"Major change {id} needs a technical implementation plan before it is submitted."), "plan");

    public static Error NotAnApprover(long id, string userId) => new Error("change.approval.not_approver", Bilingual.Join(
        $"用户 {userId} 不是变更 {id} 当前审批步骤的审批人，或已在该步骤表态。",
        $"User {userId} is not an approver of the current step of change {id}, or has already decided on it."), ErrorKind.Forbidden);

    public static Error ReasonRequired(string action) => Error.Validation("change.reason.required", Bilingual.Join(
        $"“{action}”须填写原因。", $"'{action}' needs a reason."), "comment");

    public static Error DelegateInvalid(string userId) => Error.Validation("change.delegate.invalid", Bilingual.Join(
        $"不能委托给 {userId}：请选择另一名用户。", $"Cannot delegate to {userId}; choose another user."), "delegateUserId");

    public static Error NotApproved(long id) => Error.Conflict("change.permit.not_approved", Bilingual.Join(
        $"变更 {id} 尚未审批通过，不能签发工作许可。", $"Change {id} is not approved yet, so no work permit can be issued."), "approvals");

    public static Error ReviewBeforeApproval(long id) => Error.Conflict("change.review.not_approved", Bilingual.Join(
        $"紧急变更 {id} 尚未补办审批，请先由审批人批准再复盘。", $"Emergency change {id} is not approved yet; have the approvers approve it before the review."),
        "approvals");

    public static Error BackupMissing(long id) => Error.Conflict("change.permit.backup_missing", Bilingual.Join(
        $"变更 {id} 没有备份记录：请先备份受影响的软件和数据并登记（内容、位置、大小、SHA-256）。",
        $"Change {id} has no backup record: back up the software and data it touches and record it (what, where, size, SHA-256) first."), "backups");

    public static Error TrialRunMissing(long id) => Error.Conflict("change.permit.trial_run_missing", Bilingual.Join(
        $"重大更改 {id} 没有通过并签字确认的测试环境模拟运行记录。",
        $"Major change {id} has no trial run in the test environment that passed and was signed off."), "trialRuns");

    public static Error NoticeMissing(long id) => Error.Conflict("change.permit.notice_missing", Bilingual.Join(
        $"变更 {id} 须先向受影响的用户发出预告（时间、影响范围、应对措施）。",
        $"Change {id} needs an advance notice to the affected users (time, impact scope, countermeasures) first."), "notices");

    public static Error NoticeLate(long id, DateTimeOffset sentAt, DateTimeOffset latest, TimeSpan leadTime) => Error.Conflict("change.permit.notice_late",
        Bilingual.Join(
            $"变更 {id} 的预告于 {sentAt:yyyy-MM-dd HH:mm}Z 发出，晚于窗口开始前 {leadTime.TotalHours:0.#} 小时（{latest:yyyy-MM-dd HH:mm}Z）的要求；请推迟窗口并发出更正预告。",
            $"Change {id}'s notice went out at {sentAt:yyyy-MM-dd HH:mm}Z, later than {leadTime.TotalHours:0.#} h before the window ({latest:yyyy-MM-dd HH:mm}Z); move the window and send a correction."),
        "notices");

    public static Error NoticeWindowMismatch(long id) => Error.Conflict("change.permit.notice_window", Bilingual.Join(
        $"变更 {id} 的许可窗口超出了预告的时间窗口，请先发出更正或延期预告。",
        $"Change {id}'s permit window lies outside the window its notice announced; send a correction or extension first."), "windowStart");

    public static Error WindowInvalid(DateTimeOffset start, DateTimeOffset end) => Error.Validation("change.window.invalid", Bilingual.Join(
        $"时间窗口 {start:yyyy-MM-dd HH:mm}Z – {end:yyyy-MM-dd HH:mm}Z 无效：结束须晚于开始。",
        $"The window {start:yyyy-MM-dd HH:mm}Z to {end:yyyy-MM-dd HH:mm}Z is invalid: the end must be after the start."), "windowEnd");

    public static Error WindowNotStarted(DateTimeOffset start) => Error.Conflict("change.window.not_started", Bilingual.Join(
        $"工作许可的窗口 {start:yyyy-MM-dd HH:mm}Z 才开始，请届时再开工。", $"The permit's window starts at {start:yyyy-MM-dd HH:mm}Z; start the work then."), "action");

    public static Error ExtensionInvalid(DateTimeOffset end, DateTimeOffset proposed) => Error.Validation("change.window.extension_invalid", Bilingual.Join(
        $"延期后的结束时间 {proposed:yyyy-MM-dd HH:mm}Z 须晚于当前结束时间 {end:yyyy-MM-dd HH:mm}Z。",
        $"The extended end {proposed:yyyy-MM-dd HH:mm}Z must be later than the current end {end:yyyy-MM-dd HH:mm}Z."), "windowEnd");

    public static Error RegressionUnexplained(long id, IReadOnlyList<HealthRegression> regressions) => Error.Conflict("change.closure.regression", Bilingual.Join(
        $"变更 {id} 的受影响设备在窗口后比窗口前更差（{Describe(regressions)}）：请处理，或在工作终结中说明原因后再关闭。",
        $"Change {id}'s devices are worse after the window than before it ({Describe(regressions)}): fix them, or explain them in the closure, then close."),
        "regressionExplanation");

    public static Error TrialRunUnsigned() => Error.Validation("change.trial_run.unsigned", Bilingual.Join(
        "通过的模拟运行须填写签字确认人。", "A passed trial run is missing its sign-off: give the name of the person who signed it off."), "signedOffBy");

    public static Error ChecksumInvalid(string? value) => Error.Validation("change.backup.sha256_invalid", Bilingual.Join(
        $"SHA-256 校验值“{value}”无效：须为 64 位十六进制数字。", $"SHA-256 checksum '{value}' is invalid: it must be 64 hexadecimal digits."), "sha256");

    private static string Describe(IReadOnlyList<HealthRegression> regressions) =>
        string.Join(", ", regressions.Take(5).Select(r => $"{r.DeviceName}: {r.Kind}{(r.Detail.Length > 0 ? " " + r.Detail : "")}"))
        + (regressions.Count > 5 ? $", +{regressions.Count - 5}" : "");
}
