using System.Collections;
using System.Globalization;
using System.Resources;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tests.Console;

public sealed class ConsoleResourceTests
{
    private static readonly ResourceManager Resources = new("Watchkeeper.Server.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> EnumKeys()
    {
        var data = new TheoryData<string>();
        foreach (var type in new[]
                 {
                     typeof(HealthState), typeof(OfflineCause), typeof(DeviceKind), typeof(AlarmType), typeof(AlarmSeverity),
                     typeof(AlarmState), typeof(ProbeKind), typeof(ProbeStatus), typeof(ProbeReason), typeof(DiagnosisKind),
                     typeof(AlarmAction), typeof(AlarmSuppression), typeof(AlarmIncidentKind), typeof(NotificationChannelKind),
                     typeof(NotificationKind), typeof(DeliveryStatus), typeof(AlarmGroupField), typeof(RouteTimeCondition),
                     typeof(SuppressionState), typeof(MaintenanceRecurrenceKind), typeof(SilenceListFilter), typeof(EmailSecurity),
                     typeof(RobotMessageFormat), typeof(Core.Calendars.CalendarDayKind), typeof(ServiceLevel), typeof(Core.Tickets.SlaClockKind),
                     typeof(SlaPolicyKind), typeof(Core.Tickets.TicketState), typeof(Core.Tickets.TicketSource), typeof(Core.Tickets.CallPriority),
                     typeof(Core.Tickets.FaultCategory), typeof(Core.Tickets.PauseReason), typeof(Core.Tickets.TicketClosure), typeof(Core.Tickets.TicketAction),
                     typeof(Core.Tickets.SlaClockState), typeof(Server.Tickets.TicketQueue),
                     typeof(Core.Changes.ChangeType), typeof(Core.Changes.ChangeState), typeof(Core.Changes.ChangeRisk), typeof(Core.Changes.ChangeOutcome),
                     typeof(Core.Changes.ApprovalMode), typeof(Core.Changes.NoticeKind), typeof(Core.Changes.RegressionKind), typeof(Core.Changes.ChangeAction),
                     typeof(Server.Changes.ChangeAttachmentKind), typeof(Server.Changes.ChangeConflictKind),
                 })
        {
            foreach (var name in Enum.GetNames(type))
            {
                data.Add($"Enum.{type.Name}.{name}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnumKeys))]
    public void EnumName_BothLanguages_HaveText(string key)
    {
        Read("zh-CN").ShouldContainKey(key);
        Read("en").ShouldContainKey(key);
    }

    [Fact]
    public void Keys_BothLanguages_AreTheSame()
    {
        var chinese = Read("zh-CN").Keys.Order().ToList();
        var english = Read("en").Keys.Order().ToList();

        english.Except(chinese).ShouldBeEmpty();
        chinese.Except(english).ShouldBeEmpty();
    }

    /// <summary>Reads one culture's own resources, without falling back to the neutral (Chinese) ones.</summary>
    private static Dictionary<string, string> Read(string culture)
    {
        var name = culture == "zh-CN" ? CultureInfo.InvariantCulture : new CultureInfo(culture);
        var set = Resources.GetResourceSet(name, createIfNotExists: true, tryParents: false).ShouldNotBeNull();
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
