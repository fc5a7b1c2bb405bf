using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Changes;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Changes.ChangeHarness;

namespace Watchkeeper.Server.Tests.Changes;

/// <summary>
/// The notice banners of the console and portal: which users see a change's notice in force, and when it goes away.
/// The harness has a city with a station under it (holding the recorder) and a separate campus.
/// </summary>
public sealed class ChangeBannerTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Banners_Scope_ReachOnlyAffectedOrganizations(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var campusUser = await harness.App.AddUserAsync("campus-guard", [BuiltInRoles.Viewer], [harness.Campus]);
        var recorder = await NewChangeWithNoticeAsync(harness, admin, "升级 3 号录像机固件", deviceIds: [harness.Recorder]);
        var campus = await NewChangeWithNoticeAsync(harness, admin, "校园网交换机割接", organizationIds: [harness.Campus]);
        var city = await NewChangeWithNoticeAsync(harness, admin, "市局平台数据库升级", organizationIds: [harness.City]);

        // The station's user sees the recorder in the station and the change of the whole city above it.
        (await BannerIdsAsync(harness, harness.UserIds["vendor"])).ShouldBe([recorder, city], ignoreOrder: true);

        // The city's user sees the station below the city, and the city itself.
        (await BannerIdsAsync(harness, harness.UserIds["tmu"])).ShouldBe([recorder, city], ignoreOrder: true);

        (await BannerIdsAsync(harness, campusUser)).ShouldBe([campus]);
        (await BannersAsync(harness, OrganizationScope.Unrestricted)).Select(b => b.ChangeId).ShouldBe([recorder, campus, city], ignoreOrder: true);
        (await BannersAsync(harness, OrganizationScope.Nothing)).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Banners_CancelledChange_Disappears(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        using var admin = await harness.App.CreateAdminClientAsync();
        var id = await NewChangeWithNoticeAsync(harness, admin, "升级 3 号录像机固件", deviceIds: [harness.Recorder]);
        (await BannerIdsAsync(harness, harness.UserIds["vendor"])).ShouldBe([id]);

        await ActAsync(admin, id, new { action = "cancel", comment = "厂家固件召回，本次不升级" });

        (await BannerIdsAsync(harness, harness.UserIds["vendor"])).ShouldBeEmpty();
        (await BannersAsync(harness, OrganizationScope.Unrestricted)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Banners_Correction_ReplacesEarlierText()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var id = await NewChangeWithNoticeAsync(harness, admin, "升级 3 号录像机固件", deviceIds: [harness.Recorder]);
        var start = harness.Time.GetUtcNow().AddDays(3);

        await SendAsync(admin, $"/api/v1/changes/{id}/notices", new
        {
            kind = "Correction", windowStart = start, windowEnd = start.AddHours(6), impactScope = "城关派出所 3 号录像机及其全部通道",
            countermeasures = "期间调阅录像请联系中心机房", contact = "值班电话 8888",
        }, HttpStatusCode.OK);

        var banner = (await BannersAsync(harness, OrganizationScope.Unrestricted)).ShouldHaveSingleItem();
        banner.Kind.ShouldBe(NoticeKind.Correction);
        banner.ImpactScope.ShouldBe("城关派出所 3 号录像机及其全部通道");
        banner.Countermeasures.ShouldBe("期间调阅录像请联系中心机房");
        banner.WindowStart.ShouldBe(start);
        banner.WindowEnd.ShouldBe(start.AddHours(6));
    }

    [Fact]
    public async Task Banners_Window_ShowsCurrentAndNextSevenDays()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        using var admin = await harness.App.CreateAdminClientAsync();
        var soon = await NewChangeWithNoticeAsync(harness, admin, "六天后割接", deviceIds: [harness.Recorder], startInDays: 6);
        var later = await NewChangeWithNoticeAsync(harness, admin, "八天后割接", deviceIds: [harness.Recorder], startInDays: 8);

        (await BannerIdsAsync(harness, harness.UserIds["vendor"])).ShouldBe([soon]);

        // During its window the first change still shows, and the second one comes within seven days.
        harness.Time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(1));
        (await BannerIdsAsync(harness, harness.UserIds["vendor"])).ShouldBe([soon, later]);

        // After its window (4 hours) the first change's notice is gone.
        harness.Time.Advance(TimeSpan.FromHours(4));
        (await BannerIdsAsync(harness, harness.UserIds["vendor"])).ShouldBe([later]);
    }

    private static async Task<long> NewChangeWithNoticeAsync(ChangeHarness harness, HttpClient client, string title, long[]? deviceIds = null,
        long[]? organizationIds = null, int startInDays = 2)
    {
        var start = harness.Time.GetUtcNow().AddDays(startInDays);
        var created = await SendAsync(client, "/api/v1/changes", new
        {
            type = "Minor", title, reason = "修复缺陷", deviceIds = deviceIds ?? [], organizationIds = organizationIds ?? [], plannedStart = start,
            plannedEnd = start.AddHours(4),
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        await SendAsync(client, $"/api/v1/changes/{id}/notices",
            new { impactScope = title + " 的影响范围", countermeasures = "期间请使用备用系统", contact = "值班电话 8888" }, HttpStatusCode.OK);
        return id;
    }

    private static async Task<IReadOnlyList<long>> BannerIdsAsync(ChangeHarness harness, string userId)
    {
        await using var scope = harness.App.Services.CreateAsyncScope();
        var access = await scope.ServiceProvider.GetRequiredService<UserAccessService>().GetAsync(userId, Cancellation);
        return [.. (await BannersAsync(harness, access.Scope)).Select(b => b.ChangeId)];
    }

    private static async Task<IReadOnlyList<ChangeBanner>> BannersAsync(ChangeHarness harness, OrganizationScope scope)
    {
        await using var services = harness.App.Services.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<ChangeBanners>().ListAsync(scope, Cancellation);
    }
}
