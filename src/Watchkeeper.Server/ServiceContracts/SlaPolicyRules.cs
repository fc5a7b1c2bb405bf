using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>The validated content of an <see cref="SlaPolicyInput"/>, ready to copy into a policy.</summary>
internal sealed record SlaPolicyContent(List<SlaPolicyTarget> Targets, List<int> WarningPercents, List<string> WarningNotify, List<string> BreachNotify,
    List<SlaEscalationStep> Steps, int NextStepId, List<string> UnassignedNotify, List<string> UnacceptedNotify)
{
    public void CopyTo(SlaPolicy policy)
    {
        policy.Targets = Targets;
        policy.WarningPercents = WarningPercents;
        policy.WarningNotify = WarningNotify;
        policy.BreachNotify = BreachNotify;
        policy.Steps = Steps;
        policy.NextStepId = Math.Max(policy.NextStepId, NextStepId);
        policy.UnassignedNotify = UnassignedNotify;
        policy.UnacceptedNotify = UnacceptedNotify;
    }

    public static SlaPolicyContent Of(SlaPolicy policy) => new([.. policy.Targets], [.. policy.WarningPercents], [.. policy.WarningNotify], [.. policy.BreachNotify],
        [.. policy.Steps.Select(s => s with { Notify = [.. s.Notify] })], policy.NextStepId, [.. policy.UnassignedNotify], [.. policy.UnacceptedNotify]);
}

/// <summary>Checks an SLA policy input: targets, percentages, steps, calendars and receivers.</summary>
internal static class SlaPolicyRules
{
    /// <summary>The longest target or step delay: 365 days, in minutes.</summary>
    public const int MaxMinutes = 365 * 24 * 60;

    public const int MaxPercent = 1000;
    public const int MaxSteps = 50;
    public const int MaxReceivers = 50;

    /// <summary>Receivers that the ticket's escalation resolves when it fires, besides "user:ID" and "group:ID".</summary>
    public static IReadOnlyList<string> RoleReceivers { get; } = ["duty", "assignee", "teamLead", "projectManager", "residentEngineers"];

    private static readonly SlaClockKind[] s_serviceClocks = [SlaClockKind.Response, SlaClockKind.Arrival, SlaClockKind.Restoration, SlaClockKind.Resolution];

    public static async Task<Result<SlaPolicyContent>> ValidateAsync(WatchkeeperDbContext db, SlaPolicyInput input, int nextStepId,
        CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var receivers = new List<(string Field, string Value)>();
        var calendars = new List<(string Field, long Id)>();

        var targets = Targets(input.Targets ?? [], calendars, errors);
        var timerTargets = new[] { (SlaClockKind.Assignment, input.Unassigned, "unassigned"), (SlaClockKind.Acceptance, input.Unaccepted, "unaccepted") };
        var timerNotify = new Dictionary<SlaClockKind, List<string>>();
        foreach (var (clock, timer, field) in timerTargets)
        {
            timerNotify[clock] = [];
            if (timer is null)
            {
                continue;
            }

            if (Minutes(timer.Minutes, $"{field}.minutes", errors) is { } minutes)
            {
                targets.Add(new SlaPolicyTarget(clock, minutes, timer.CalendarId));
            }

            if (timer.CalendarId is { } calendarId)
            {
                calendars.Add(($"{field}.calendarId", calendarId));
            }

            timerNotify[clock] = Receivers(timer.Notify, $"{field}.notify", receivers, errors);
        }

        var warnings = Warnings(input.WarningPercents ?? SlaPolicySeed.DefaultWarningPercents, errors);
        var warningNotify = Receivers(input.WarningNotify ?? ["assignee"], "warningNotify", receivers, errors);
        var breachNotify = Receivers(input.BreachNotify ?? ["assignee", "teamLead"], "breachNotify", receivers, errors);
        var (steps, next) = Steps(input.Steps ?? [], targets.Select(t => t.Clock).ToHashSet(), nextStepId, receivers, errors);

        await CheckCalendarsAsync(db, calendars, errors, cancellationToken);
        await CheckReceiversAsync(db, receivers, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<SlaPolicyContent>.Failure(errors);
        }

        return new SlaPolicyContent(targets, warnings, warningNotify, breachNotify, steps, next, timerNotify[SlaClockKind.Assignment],
            timerNotify[SlaClockKind.Acceptance]);
    }

    private static List<SlaPolicyTarget> Targets(IReadOnlyList<SlaTargetInput> inputs, List<(string, long)> calendars, List<Error> errors)
    {
        var targets = new List<SlaPolicyTarget>();
        var seen = new HashSet<SlaClockKind>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var field = $"targets[{i}]";
            var clock = Clock(input?.Clock, $"{field}.clock", s_serviceClocks, errors);
            var minutes = Minutes(input?.Minutes, $"{field}.minutes", errors);
            if (input?.CalendarId is { } calendarId)
            {
                calendars.Add(($"{field}.calendarId", calendarId));
            }

            if (clock is { } kind && !seen.Add(kind))
            {
                errors.Add(ServiceContractErrors.ClockDuplicate($"{field}.clock", kind.ToString()));
            }
            else if (clock is { } valid && minutes is { } value)
            {
                targets.Add(new SlaPolicyTarget(valid, value, input!.CalendarId));
            }
        }

        return targets;
    }

    private static List<int> Warnings(IReadOnlyList<int> percents, List<Error> errors)
    {
        var warnings = new List<int>();
        for (var i = 0; i < percents.Count; i++)
        {
            var field = $"warningPercents[{i}]";
            if (percents[i] is < 1 or > MaxPercent)
            {
                errors.Add(ServiceContractErrors.PercentInvalid(field, percents[i]));
            }
            else if (warnings.Contains(percents[i]))
            {
                errors.Add(ServiceContractErrors.PercentDuplicate(field, percents[i]));
            }
            else
            {
                warnings.Add(percents[i]);
            }
        }

        warnings.Sort();
        return warnings;
    }

    private static (List<SlaEscalationStep> Steps, int NextId) Steps(IReadOnlyList<SlaStepInput> inputs, HashSet<SlaClockKind> targetClocks, int nextStepId,
        List<(string, string)> receivers, List<Error> errors)
    {
        if (inputs.Count > MaxSteps)
        {
            errors.Add(ServiceContractErrors.TooMany("steps", inputs.Count, MaxSteps));
            return ([], nextStepId);
        }

        var next = Math.Max(nextStepId, inputs.Select(s => s?.Id ?? 0).DefaultIfEmpty(0).Max() + 1);
        var steps = new List<SlaEscalationStep>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var field = $"steps[{i}]";
            var clock = Clock(input?.Clock, $"{field}.clock", Enum.GetValues<SlaClockKind>(), errors);
            var percent = input?.Percent ?? 100;
            if (percent is < 1 or > MaxPercent)
            {
                errors.Add(ServiceContractErrors.PercentInvalid($"{field}.percent", input?.Percent));
            }

            var after = input?.AfterMinutes ?? 0;
            if (after is < 0 or > MaxMinutes)
            {
                errors.Add(ServiceContractErrors.AfterMinutesInvalid($"{field}.afterMinutes", input?.AfterMinutes, MaxMinutes));
            }

            var notify = Receivers(input?.Notify, $"{field}.notify", receivers, errors);
            if (clock is not { } kind)
            {
                continue;
            }

            if (!targetClocks.Contains(kind))
            {
                errors.Add(ServiceContractErrors.StepWithoutTarget($"{field}.clock", kind.ToString()));
            }
            else if (steps.Any(s => s.Clock == kind && s.Percent == percent && s.AfterMinutes == after))
            {
                errors.Add(ServiceContractErrors.StepDuplicate(field, kind.ToString(), percent, after));
            }
            else if (input!.Id is { } duplicateId && steps.Any(s => s.Id == duplicateId))
            {
                errors.Add(ServiceContractErrors.StepIdDuplicate($"{field}.id", duplicateId));
            }
            else
            {
                var stepId = input.Id is { } kept and > 0 ? kept : next++;
                steps.Add(new SlaEscalationStep(stepId, kind, percent, after, notify, input.RaiseLevel));
            }
        }

        return (steps, next);
    }

    private static SlaClockKind? Clock(string? value, string field, IReadOnlyList<SlaClockKind> allowed, List<Error> errors)
    {
        var text = value?.Trim();
        if (!string.IsNullOrEmpty(text) && !char.IsAsciiDigit(text[0]) && Enum.TryParse<SlaClockKind>(text, ignoreCase: true, out var clock) && allowed.Contains(clock))
        {
            return clock;
        }

        errors.Add(ServiceContractErrors.ClockInvalid(field, value, allowed.Select(c => c.ToString())));
        return null;
    }

    private static int? Minutes(int? value, string field, List<Error> errors)
    {
        if (value is >= 1 and <= MaxMinutes)
        {
            return value;
        }

        errors.Add(ServiceContractErrors.MinutesInvalid(field, value, MaxMinutes));
        return null;
    }

    /// <summary>Parses receivers into their canonical spelling. User and group ids are checked against the database later.</summary>
    private static List<string> Receivers(IReadOnlyList<string>? values, string field, List<(string, string)> references, List<Error> errors)
    {
        var parsed = new List<string>();
        if (values is null)
        {
            return parsed;
        }

        if (values.Count > MaxReceivers)
        {
            errors.Add(ServiceContractErrors.TooMany(field, values.Count, MaxReceivers));
            return parsed;
        }

        foreach (var value in values)
        {
            var text = value?.Trim() ?? "";
            var role = RoleReceivers.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase));
            string? receiver = role ?? (text.StartsWith("user:", StringComparison.OrdinalIgnoreCase) && text.Length > 5 ? "user:" + text[5..].Trim()
                : text.StartsWith("group:", StringComparison.OrdinalIgnoreCase) && long.TryParse(text[6..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? $"group:{id}" : null);
            if (receiver is null)
            {
                errors.Add(ServiceContractErrors.ReceiverInvalid(field, value));
                continue;
            }

            if (role is null)
            {
                references.Add((field, receiver));
            }

            if (!parsed.Contains(receiver, StringComparer.Ordinal))
            {
                parsed.Add(receiver);
            }
        }

        return parsed;
    }

    private static async Task CheckCalendarsAsync(WatchkeeperDbContext db, List<(string Field, long Id)> calendars, List<Error> errors,
        CancellationToken cancellationToken)
    {
        if (calendars.Count == 0)
        {
            return;
        }

        var ids = calendars.Select(c => c.Id).Distinct().ToList();
        var known = await db.BusinessCalendars.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        errors.AddRange(calendars.Where(c => !known.Contains(c.Id)).Select(c => ServiceContractErrors.CalendarNotFound(c.Field, c.Id)));
    }

    private static async Task CheckReceiversAsync(WatchkeeperDbContext db, List<(string Field, string Value)> receivers, List<Error> errors,
        CancellationToken cancellationToken)
    {
        var userIds = receivers.Where(r => r.Value.StartsWith("user:", StringComparison.Ordinal)).Select(r => r.Value[5..]).Distinct().ToList();
        var groupIds = receivers.Where(r => r.Value.StartsWith("group:", StringComparison.Ordinal))
            .Select(r => long.Parse(r.Value[6..], CultureInfo.InvariantCulture)).Distinct().ToList();
        var knownUsers = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        var knownGroups = groupIds.Count == 0 ? [] : await db.ReceiverGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken);
        foreach (var (field, value) in receivers)
        {
            if (value.StartsWith("user:", StringComparison.Ordinal) && !knownUsers.Contains(value[5..]))
            {
                errors.Add(ServiceContractErrors.UsersNotFound(field, [value[5..]]));
            }
            else if (value.StartsWith("group:", StringComparison.Ordinal) && long.Parse(value[6..], CultureInfo.InvariantCulture) is var id && !knownGroups.Contains(id))
            {
                errors.Add(ServiceContractErrors.GroupNotFound(field, id));
            }
        }
    }
}
