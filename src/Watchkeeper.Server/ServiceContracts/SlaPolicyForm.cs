using System.Globalization;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>The console's editable copy of a policy: one row per clock, receivers as comma-separated text.</summary>
public sealed class SlaPolicyForm
{
    public sealed class TargetRow
    {
        public SlaClockKind Clock { get; init; }

        /// <summary>Empty when the clock has no target.</summary>
        public int? Minutes { get; set; }

        /// <summary>The calendar id as text for a native select, or empty for 7×24 time.</summary>
        public string Calendar { get; set; } = "";
    }

    public sealed class StepRow
    {
        public int? Id { get; set; }

        public SlaClockKind Clock { get; set; } = SlaClockKind.Resolution;

        public int Percent { get; set; } = 100;

        public int AfterMinutes { get; set; }

        public string Notify { get; set; } = "";

        public bool RaiseLevel { get; set; }
    }

    public List<TargetRow> Targets { get; } = [.. Enum.GetValues<SlaClockKind>().Select(c => new TargetRow { Clock = c })];

    public string WarningPercents { get; set; } = "";

    public string WarningNotify { get; set; } = "";

    public string BreachNotify { get; set; } = "";

    public string UnassignedNotify { get; set; } = "";

    public string UnacceptedNotify { get; set; } = "";

    public List<StepRow> Steps { get; } = [];

    public static SlaPolicyForm From(SlaPolicyView policy)
    {
        var form = new SlaPolicyForm
        {
            WarningPercents = string.Join(", ", policy.WarningPercents),
            WarningNotify = string.Join(", ", policy.WarningNotify),
            BreachNotify = string.Join(", ", policy.BreachNotify),
            UnassignedNotify = string.Join(", ", policy.Unassigned?.Notify ?? []),
            UnacceptedNotify = string.Join(", ", policy.Unaccepted?.Notify ?? []),
        };
        foreach (var target in policy.Targets)
        {
            form.Set(target.Clock, target.Minutes, target.CalendarId);
        }

        if (policy.Unassigned is { } unassigned)
        {
            form.Set(SlaClockKind.Assignment, unassigned.Minutes, unassigned.CalendarId);
        }

        if (policy.Unaccepted is { } unaccepted)
        {
            form.Set(SlaClockKind.Acceptance, unaccepted.Minutes, unaccepted.CalendarId);
        }

        form.Steps.AddRange(policy.Steps.Select(s => new StepRow
        {
            Id = s.Id, Clock = s.Clock, Percent = s.Percent, AfterMinutes = s.AfterMinutes, Notify = string.Join(", ", s.Notify), RaiseLevel = s.RaiseLevel,
        }));
        return form;
    }

    /// <summary>Builds the API input, or returns null when the warning percentages are not whole numbers.</summary>
    public SlaPolicyInput? ToInput()
    {
        var percents = new List<int>();
        foreach (var part in Split(WarningPercents))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
            {
                return null;
            }

            percents.Add(percent);
        }

        var targets = Targets.Where(t => SlaClocks.IsServiceLevel(t.Clock) && t.Minutes is not null)
            .Select(t => new SlaTargetInput(t.Clock.ToString(), t.Minutes, CalendarId(t)))
            .ToList();
        return new SlaPolicyInput(targets, percents, Split(WarningNotify), Split(BreachNotify),
            [.. Steps.Select(s => new SlaStepInput(s.Id, s.Clock.ToString(), s.Percent, s.AfterMinutes, Split(s.Notify), s.RaiseLevel))],
            Timer(SlaClockKind.Assignment, UnassignedNotify), Timer(SlaClockKind.Acceptance, UnacceptedNotify));
    }

    public TargetRow Row(SlaClockKind clock) => Targets.First(t => t.Clock == clock);

    private void Set(SlaClockKind clock, int minutes, long? calendarId)
    {
        var row = Row(clock);
        row.Minutes = minutes;
        row.Calendar = calendarId?.ToString(CultureInfo.InvariantCulture) ?? "";
    }

    private SlaTimerInput? Timer(SlaClockKind clock, string notify) =>
        Row(clock) is { Minutes: { } minutes } row ? new SlaTimerInput(minutes, CalendarId(row), Split(notify)) : null;

    private static long? CalendarId(TargetRow row) =>
        long.TryParse(row.Calendar, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static List<string> Split(string text) =>
        [.. text.Split([',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
