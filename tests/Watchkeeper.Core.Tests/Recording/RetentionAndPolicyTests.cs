using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Tests.Recording;

public sealed class RetentionAndPolicyTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    [Fact]
    public void Evaluate_OldestThirtyDaysBack_IsCompliant()
    {
        var status = RetentionStatus.Evaluate(30, new DateTimeOffset(2026, 12, 5, 9, 0, 0, Cst), new DateTimeOffset(2026, 11, 5, 23, 50, 0, Cst), China);

        status.RetainedDays.ShouldBe(30);
        status.Compliant.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_OldestTwentyDaysBack_FallsTenDaysShort()
    {
        var status = RetentionStatus.Evaluate(30, new DateTimeOffset(2026, 12, 5, 9, 0, 0, Cst), new DateTimeOffset(2026, 11, 15, 0, 0, 0, Cst), China);

        status.ShortfallDays.ShouldBe(10);
        status.RequiredDate.ShouldBe(new DateOnly(2026, 11, 5));
    }

    [Fact]
    public void Evaluate_OldestJustBeforeChinaMidnight_CountsLocalDate()
    {
        // 15:59 UTC is 23:59 in China: still 2026-11-05 there.
        var status = RetentionStatus.Evaluate(30, new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 5, 15, 59, 0, TimeSpan.Zero), China);

        status.OldestDate.ShouldBe(new DateOnly(2026, 11, 5));
        status.Compliant.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_NoRecording_FallsWholeRequirementShort()
    {
        var status = RetentionStatus.Evaluate(90, new DateTimeOffset(2026, 12, 5, 9, 0, 0, Cst), null, China);

        status.ShortfallDays.ShouldBe(90);
    }

    [Fact]
    public void Resolve_ChildWithoutSettings_InheritsParentRetentionAndZone()
    {
        var tree = new OrganizationTree([new Organization { Id = 1, Name = "市局" }, new Organization { Id = 2, Name = "分局", ParentId = 1 }]);
        var settings = new Dictionary<long, OrganizationRecordingSettings> { [1] = new(1, 90, null, "Europe/Berlin") };

        var policy = new RecordingPolicyResolver(tree, settings, 30, China).Resolve(2);

        policy.RetentionDays.ShouldBe(90);
        policy.Zone.Id.ShouldBe("Europe/Berlin");
        policy.ScheduleSource.ShouldBe(RecordingPolicyResolver.DefaultSource);
    }

    [Fact]
    public void Resolve_ChannelSchedule_WinsOverOrganization()
    {
        var tree = new OrganizationTree([new Organization { Id = 1, Name = "市局" }]);
        var (office, _) = RecordingSchedule.Parse([("Monday", "08:00", "18:00")]);
        var settings = new Dictionary<long, OrganizationRecordingSettings> { [1] = new(1, null, RecordingSchedule.Empty, null) };

        var policy = new RecordingPolicyResolver(tree, settings, 30, China).Resolve(1, office);

        policy.ScheduleSource.ShouldBe(RecordingPolicyResolver.ChannelSource);
        policy.RetentionDays.ShouldBe(30);
    }

    [Fact]
    public void Resolve_NearestOrganizationSchedule_WinsOverRoot()
    {
        var tree = new OrganizationTree([new Organization { Id = 1, Name = "市局" }, new Organization { Id = 2, Name = "分局", ParentId = 1 }]);
        var settings = new Dictionary<long, OrganizationRecordingSettings>
        {
            [1] = new(1, 30, RecordingSchedule.Empty, null),
            [2] = new(2, null, RecordingSchedule.AllWeek, null),
        };

        var policy = new RecordingPolicyResolver(tree, settings, 30, China).Resolve(2);

        policy.ScheduleSource.ShouldBe("organization:2");
    }

    [Fact]
    public void Accumulator_TwoChannelDays_SumsBeforeDividing()
    {
        var accumulator = new CompletenessAccumulator();

        accumulator.AddChecked(1, TimeSpan.FromHours(24), TimeSpan.FromHours(12));
        accumulator.AddChecked(2, TimeSpan.FromHours(8), TimeSpan.FromHours(8));
        accumulator.AddFailed(3);

        var result = accumulator.Result();
        result.Rate.ShouldBe(20.0 / 32);
        result.ChannelCount.ShouldBe(3);
        result.FailedDays.ShouldBe(1);
    }

    [Theory]
    [InlineData(DeviceKind.Channel, 3, null, 10L, true)]
    [InlineData(DeviceKind.Channel, 3, null, null, false)]
    [InlineData(DeviceKind.Channel, null, "34020000001310000001", 10L, true)]
    [InlineData(DeviceKind.Camera, null, "34020000001320000001", 10L, true)]
    [InlineData(DeviceKind.AlarmInput, null, "34020000001340000001", 10L, false)]
    [InlineData(DeviceKind.Recorder, 1, "34020000001180000001", 10L, false)]
    [InlineData(DeviceKind.Camera, null, "34020000001320000001", null, false)]
    public void IsRecordingChannel_LedgerFields_DecideMembership(DeviceKind kind, int? channel, string? gbId, long? parentId, bool expected)
    {
        RecordingChannels.IsRecordingChannel(kind, channel, gbId, parentId).ShouldBe(expected);
    }
}
