using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Changes;

/// <summary>Replaces a change type's approval chain after checking its steps and approvers.</summary>
public sealed class ChangeApprovalChains(WatchkeeperDbContext db, TimeProvider time)
{
    public const int MaxSteps = 10;
    public const int MaxApprovers = 20;

    public async Task<Result<ChangeApprovalChain>> ReplaceAsync(string typeText, ApprovalChainInput input, string? user, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        if (!Enum.TryParse<ChangeType>(typeText, ignoreCase: true, out var type) || char.IsAsciiDigit(typeText[0]))
        {
            return ChangeApiErrors.ValueUnknown("type", typeText, Enum.GetNames<ChangeType>());
        }

        var steps = new List<ApprovalStepSnapshot>();
        foreach (var step in input.Steps ?? [])
        {
            var name = step.Name?.Trim() ?? "";
            if (name.Length is 0 or > ChangeLimits.NameLength || step.Order is not (>= 1 and <= MaxSteps))
            {
                errors.Add(ChangeApiErrors.ChainInvalid($"第 {steps.Count + 1} 步须有名称和 1–{MaxSteps} 的顺序号。",
                    $"step {steps.Count + 1} needs a name and an order from 1 to {MaxSteps}."));
                continue;
            }

            if (!Enum.TryParse<ApprovalMode>(step.Mode ?? nameof(ApprovalMode.Any), ignoreCase: true, out var mode))
            {
                errors.Add(ChangeApiErrors.ValueUnknown("mode", step.Mode, Enum.GetNames<ApprovalMode>()));
                continue;
            }

            var approvers = (step.Approvers ?? []).Select(a => a.Trim()).Distinct().ToList();
            if (approvers.Count is 0 or > MaxApprovers)
            {
                errors.Add(ChangeApiErrors.ChainInvalid($"步骤“{name}”须有 1–{MaxApprovers} 个审批人。", $"step '{name}' needs 1 to {MaxApprovers} approvers."));
                continue;
            }

            foreach (var approver in approvers)
            {
                if (!await ExistsAsync(approver, cancellationToken))
                {
                    errors.Add(ChangeApiErrors.ChainInvalid($"审批人“{approver}”不存在，请写 user:用户编号 或 role:角色名。",
                        $"approver '{approver}' does not exist; write user:ID or role:NAME."));
                }
            }

            steps.Add(new ApprovalStepSnapshot(step.Order.Value, name, mode, approvers));
        }

        if (steps.Select(s => s.Name).Distinct().Count() != steps.Count)
        {
            errors.Add(ChangeApiErrors.ChainInvalid("步骤名称不能重复。", "step names must differ."));
        }

        if (type != ChangeType.Standard && steps.Count == 0 && errors.Count == 0)
        {
            errors.Add(ChangeApiErrors.ChainInvalid("除标准变更外，审批链至少要有一步。", "every type but Standard needs at least one step."));
        }

        var missing = type == ChangeType.Major
            ? ChangeApprovalChain.MajorRequiredRoles.Where(r => !steps.Any(s => s.Approvers.Contains(ChangeApprovalChain.Role(r)))).ToList()
            : [];
        if (missing.Count > 0)
        {
            errors.Add(ChangeApiErrors.ChainInvalid($"重大更改须由业务管理部门、技术归口管理单位和领导审批，缺少：{string.Join("、", missing)}。",
                $"a major change needs the business department, the technical management unit and the leadership; missing: {string.Join(", ", missing)}."));
        }

        if (errors.Count > 0)
        {
            return Result<ChangeApprovalChain>.Failure(errors);
        }

        var chain = await db.ChangeApprovalChains.FirstOrDefaultAsync(c => c.Type == type, cancellationToken);
        if (chain is null)
        {
            chain = new ChangeApprovalChain { Type = type };
            db.ChangeApprovalChains.Add(chain);
        }

        chain.Steps = [.. steps.OrderBy(s => s.Order)];
        chain.UpdatedBy = user;
        chain.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return chain;
    }

    private async Task<bool> ExistsAsync(string approver, CancellationToken cancellationToken)
    {
        if (approver.StartsWith("user:", StringComparison.Ordinal))
        {
            var id = approver[5..];
            return await db.Users.AnyAsync(u => u.Id == id && !u.IsDisabled, cancellationToken);
        }

        if (approver.StartsWith("role:", StringComparison.Ordinal))
        {
            var name = approver[5..];
            return await db.Roles.AnyAsync(r => r.Name == name, cancellationToken);
        }

        return false;
    }
}
