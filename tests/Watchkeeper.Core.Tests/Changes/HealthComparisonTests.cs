using Watchkeeper.Core.Changes;

namespace Watchkeeper.Core.Tests.Changes;

public sealed class HealthComparisonTests
{
    private static DeviceHealthSnapshot Device(long id, bool online, string[]? alarms = null, string[]? problems = null) =>
        new(id, $"通道 {id}", online, alarms ?? [], problems ?? []);

    [Fact]
    public void Compare_WorseAfter_ListsEachRegression()
    {
        DeviceHealthSnapshot[] before = [Device(1, true), Device(2, true, ["VideoLoss"]), Device(3, false), Device(4, true, problems: ["Blur"]), Device(5, true)];
        DeviceHealthSnapshot[] after = [Device(1, false), Device(2, true, ["VideoLoss", "RecordingGap"]), Device(3, false), Device(4, true, problems: ["Blur", "TooDark"])];

        HealthComparison.Compare(before, after).ShouldBe(
        [
            new HealthRegression(1, "通道 1", RegressionKind.WentOffline, ""),
            new HealthRegression(2, "通道 2", RegressionKind.NewAlarm, "RecordingGap"),
            new HealthRegression(4, "通道 4", RegressionKind.NewDiagnosisProblem, "TooDark"),
            new HealthRegression(5, "通道 5", RegressionKind.Missing, ""),
        ]);
    }

    [Fact]
    public void Compare_SameOrBetter_NoRegression()
    {
        DeviceHealthSnapshot[] before = [Device(1, false, ["DeviceOffline"]), Device(2, true, problems: ["Blur"])];
        DeviceHealthSnapshot[] after = [Device(1, true), Device(2, true)];

        HealthComparison.Compare(before, after).ShouldBeEmpty();
    }
}
