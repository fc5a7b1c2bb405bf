using System.Net;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Alarms.Suppression.SuppressionHarness;

namespace Watchkeeper.Server.Tests.Alarms.Suppression;

public sealed class SuppressionSnapshotTests
{
    [Theory]
    [InlineData("organizationSubtree")]
    [InlineData("organization")]
    [InlineData("device")]
    [InlineData("deviceKind")]
    [InlineData("alarmType")]
    [InlineData("severity")]
    [InlineData("allFields")]
    public async Task Match_EachScopeField_MatchesOnlyItsSubjects(string field)
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var fleet = harness.Fleet;
        var cameraA = new AlarmMatchSubject(fleet.DeviceA, fleet.OrganizationA, DeviceKind.Camera, AlarmType.Offline, AlarmSeverity.Critical);
        var cameraB = new AlarmMatchSubject(fleet.DeviceB, fleet.OrganizationB, DeviceKind.Camera, AlarmType.Offline, AlarmSeverity.Critical);
        var (matcher, covered, uncovered) = field switch
        {
            "organizationSubtree" => ((object)new { organizationIds = new[] { fleet.RootId } }, cameraB, cameraA with { OrganizationId = 999 }),
            "organization" => (new { organizationIds = new[] { fleet.OrganizationA } }, cameraA, cameraB),
            "device" => (new { deviceIds = new[] { fleet.DeviceB } }, cameraB, cameraA),
            "deviceKind" => (new { deviceKinds = new[] { "Switch" } }, cameraA with { DeviceKind = DeviceKind.Switch }, cameraA),
            "alarmType" => (new { alarmTypes = new[] { "DiskAbnormal" } }, cameraA with { Type = AlarmType.DiskAbnormal }, cameraA),
            "severity" => (new { severities = new[] { "Warning" } }, cameraA with { Severity = AlarmSeverity.Warning }, cameraA),
            _ => (new { organizationIds = new[] { fleet.OrganizationA }, deviceKinds = new[] { "Camera" }, alarmTypes = new[] { "Offline" }, severities = new[] { "Critical" } },
                cameraA, cameraA with { Severity = AlarmSeverity.Minor }),
        };
        var silence = await PostAsync(admin, "/api/v1/silences", Merge(matcher, new { durationMinutes = 60, reason = "测试" }), HttpStatusCode.Created);
        var now = harness.Time.GetUtcNow();

        var snapshot = await harness.Service<IAlarmSuppressions>().SnapshotAsync(now, Cancellation);

        var match = snapshot.Match(covered, now);
        match.ShouldNotBeNull();
        match.Kind.ShouldBe(AlarmSuppression.Silence);
        match.SourceId.ShouldBe(silence.GetProperty("id").GetInt64());
        match.Until.ShouldBe(now.AddMinutes(60));
        snapshot.Match(uncovered, now).ShouldBeNull();
    }

    [Fact]
    public async Task Match_WindowAndSilence_PrefersWindow()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        await PostAsync(admin, "/api/v1/silences", new { deviceIds = new[] { harness.Fleet.DeviceA }, durationMinutes = 600, reason = "长静默" }, HttpStatusCode.Created);
        var window = await PostAsync(admin, "/api/v1/maintenance-windows",
            new { name = "割接", start = now.AddMinutes(-1), end = now.AddMinutes(30), deviceIds = new[] { harness.Fleet.DeviceA } }, HttpStatusCode.Created);

        var snapshot = await harness.Service<IAlarmSuppressions>().SnapshotAsync(now, Cancellation);
        var match = snapshot.Match(SubjectA(harness), now);

        match.ShouldNotBeNull();
        match.Kind.ShouldBe(AlarmSuppression.MaintenanceWindow);
        match.SourceId.ShouldBe(window.GetProperty("id").GetInt64());
        match.Reason.ShouldContain("割接");
    }

    [Fact]
    public async Task Match_OutsideOccurrence_ReturnsNull()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var now = harness.Time.GetUtcNow();
        await PostAsync(admin, "/api/v1/maintenance-windows",
            new { name = "稍后", start = now.AddHours(1), end = now.AddHours(2), deviceIds = new[] { harness.Fleet.DeviceA } }, HttpStatusCode.Created);

        var snapshot = await harness.Service<IAlarmSuppressions>().SnapshotAsync(now, Cancellation);

        snapshot.Match(SubjectA(harness), now).ShouldBeNull();
        snapshot.Match(SubjectA(harness), now.AddMinutes(90))!.Until.ShouldBe(now.AddHours(2));
        snapshot.Match(SubjectA(harness), now.AddHours(2)).ShouldBeNull();
    }

    [Fact]
    public async Task Snapshot_AfterChange_SeesNewSilence()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var suppressions = harness.Service<IAlarmSuppressions>();
        var now = harness.Time.GetUtcNow();
        var before = await suppressions.SnapshotAsync(now, Cancellation);

        await PostAsync(admin, "/api/v1/silences", new { deviceIds = new[] { harness.Fleet.DeviceA }, durationMinutes = 60, reason = "新静默" }, HttpStatusCode.Created);
        var after = await suppressions.SnapshotAsync(now, Cancellation);

        before.Match(SubjectA(harness), now).ShouldBeNull();
        after.Match(SubjectA(harness), now).ShouldNotBeNull();
    }

    private static AlarmMatchSubject SubjectA(SuppressionHarness harness) =>
        new(harness.Fleet.DeviceA, harness.Fleet.OrganizationA, DeviceKind.Camera, AlarmType.Offline, AlarmSeverity.Critical);

    /// <summary>Joins the properties of two anonymous objects into one JSON object.</summary>
    private static Dictionary<string, object?> Merge(object first, object second) =>
        new[] { first, second }.SelectMany(o => o.GetType().GetProperties().Select(p => (p.Name, Value: p.GetValue(o))))
            .ToDictionary(p => p.Name, p => p.Value);
}
