using System.Net;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.ServiceContracts.ContractHarness;

namespace Watchkeeper.Server.Tests.ServiceContracts;

public sealed class ServiceContractApiTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CreateContract_AllFields_ReadsBack(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var manager = await harness.CreateUserAsync("pm-zhao", BuiltInRoles.ProjectManager, city);
        var resident = await harness.CreateUserAsync("re-qian", BuiltInRoles.ResidentEngineer, city);

        var created = await SendAsync(harness.Admin, HttpMethod.Post, "/api/v1/contracts", new
        {
            number = " HT-2026-001 ",
            name = "某市公安局视频监控运维服务",
            organizationId = city,
            startDate = "2026-01-01",
            endDate = "2026-12-31",
            warrantyEndDate = "2028-12-31",
            level = "advanced",
            projectManagerUserId = manager,
            residentEngineerUserIds = new[] { resident, resident },
            contacts = new[] { new { name = "孙主任", role = "科技科", phone = "0571-88880000", email = "sun@example.com" } },
            notes = "含 2 名驻场工程师。",
        }, HttpStatusCode.Created);
        var read = await GetAsync(harness.Admin, $"/api/v1/contracts/{created.GetProperty("id").GetInt64()}");

        read.GetProperty("number").GetString().ShouldBe("HT-2026-001");
        read.GetProperty("organizationPath").GetString().ShouldBe("某市公安局");
        read.GetProperty("startDate").GetString().ShouldBe("2026-01-01");
        read.GetProperty("warrantyEndDate").GetString().ShouldBe("2028-12-31");
        read.GetProperty("level").GetString().ShouldBe("Advanced");
        read.GetProperty("projectManager").GetProperty("userName").GetString().ShouldBe("pm-zhao");
        read.GetProperty("residentEngineers").GetArrayLength().ShouldBe(1);
        read.GetProperty("contacts")[0].GetProperty("phone").GetString().ShouldBe("0571-88880000");
        read.GetProperty("notes").GetString().ShouldBe("含 2 名驻场工程师。");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CreateContract_Advanced_CopiesTemplatePolicies(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var advanced = await harness.CreateContractAsync("HT-A", city, "Advanced");
        var standard = await harness.CreateContractAsync("HT-S", city);

        var advancedPolicies = await GetAsync(harness.Admin, $"/api/v1/contracts/{advanced}/policies");
        var standardPolicies = await GetAsync(harness.Admin, $"/api/v1/contracts/{standard}/policies");

        advancedPolicies.GetArrayLength().ShouldBe(4);
        advancedPolicies.EnumerateArray().ShouldAllBe(p => !p.GetProperty("isDefault").GetBoolean());
        var arrival = Target(advancedPolicies[1].GetProperty("policy"), "Arrival");
        arrival.GetProperty("minutes").GetInt32().ShouldBe(240);
        arrival.GetProperty("calendarId").GetInt64().ShouldBe(1);
        advancedPolicies[1].GetProperty("policy").GetProperty("contractId").GetInt64().ShouldBe(advanced);
        standardPolicies.EnumerateArray().ShouldAllBe(p => p.GetProperty("isDefault").GetBoolean());
        standardPolicies[0].GetProperty("policy").GetProperty("id").GetInt64().ShouldBe(1);
        harness.Observer.Calls.ShouldContain(ids => ids.Count == 4);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CreateContract_DuplicateNumber_Returns409(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        await harness.CreateContractAsync("HT-001", city);

        var problem = await SendAsync(harness.Admin, HttpMethod.Post, "/api/v1/contracts",
            new { number = "HT-001", name = "另一份", organizationId = city, startDate = "2026-01-01", endDate = "2026-12-31" }, HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("contract.number.duplicate");
        problem.GetProperty("detail").GetString()!.ShouldContain("合同编号“HT-001”已被另一份合同使用");
        problem.GetProperty("detail").GetString()!.ShouldContain("Contract number 'HT-001' is already used");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task CreateContract_InvalidFields_NamesEachField(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");

        var problem = await SendAsync(harness.Admin, HttpMethod.Post, "/api/v1/contracts", new
        {
            number = "",
            name = "服务",
            organizationId = 99999,
            startDate = "2026-13-01",
            endDate = "2026-12-31",
            level = "Gold",
            projectManagerUserId = "nobody",
            contacts = new[] { new { name = "孙主任", email = "sun.example.com" } },
        }, HttpStatusCode.BadRequest);
        var period = await SendAsync(harness.Admin, HttpMethod.Post, "/api/v1/contracts",
            new { number = "HT-1", name = "服务", organizationId = city, startDate = "2026-12-31", endDate = "2026-01-01" }, HttpStatusCode.BadRequest);

        ErrorFields(problem).ShouldBe(["number", "organizationId", "startDate", "level", "projectManagerUserId", "contacts[0].email"], ignoreOrder: true);
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ShouldContain(m => m!.Contains("Gold"));
        period.GetProperty("code").GetString().ShouldBe("contract.period.invalid");
        period.GetProperty("field").GetString().ShouldBe("endDate");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task UpdateContract_BecomesAdvanced_CopiesTemplate(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var id = await harness.CreateContractAsync("HT-001", city);

        var updated = await SendAsync(harness.Admin, HttpMethod.Put, $"/api/v1/contracts/{id}",
            new { number = "HT-001", name = "升级为高级服务", organizationId = city, startDate = "2026-01-01", endDate = "2027-06-30", level = "Advanced" },
            HttpStatusCode.OK);
        var policies = await GetAsync(harness.Admin, $"/api/v1/contracts/{id}/policies");

        updated.GetProperty("endDate").GetString().ShouldBe("2027-06-30");
        updated.GetProperty("name").GetString().ShouldBe("升级为高级服务");
        policies.EnumerateArray().ShouldAllBe(p => !p.GetProperty("isDefault").GetBoolean());
        var changed = harness.Observer.Calls.Last();
        changed.Count.ShouldBe(8, "the four copied policies and the four defaults the contract used until now");
        changed.ShouldContain(1);
        changed.ShouldContain(4);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ListContracts_ScopedUser_SeesOwnOrganizationOnly(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var root = await harness.CreateOrganizationAsync("某市公安局");
        var east = await harness.CreateOrganizationAsync("东城分局", root);
        var west = await harness.CreateOrganizationAsync("西城分局", root);
        await harness.CreateContractAsync("HT-EAST", east, "Advanced");
        var westContract = await harness.CreateContractAsync("HT-WEST", west, "Advanced");
        await harness.CreateUserAsync("east-lead", BuiltInRoles.TeamLead, east);
        using var client = await harness.ClientForAsync("east-lead");
        var westPolicy = (await GetAsync(harness.Admin, $"/api/v1/contracts/{westContract}/policies"))[0].GetProperty("policy").GetProperty("id").GetInt64();

        var list = await GetAsync(client, "/api/v1/contracts");
        var shared = await GetAsync(client, "/api/v1/sla-policies");

        list.EnumerateArray().Select(c => c.GetProperty("number").GetString()).ShouldBe(["HT-EAST"]);
        shared.EnumerateArray().ShouldAllBe(p => p.GetProperty("contractId").ValueKind == JsonValueKind.Null);
        await GetAsync(client, $"/api/v1/contracts/{westContract}", HttpStatusCode.NotFound);
        await GetAsync(client, $"/api/v1/contracts/{westContract}/policies", HttpStatusCode.NotFound);
        await GetAsync(client, $"/api/v1/sla-policies/{westPolicy}", HttpStatusCode.NotFound);
        await SendAsync(client, HttpMethod.Put, $"/api/v1/contracts/{westContract}/policies/2", new { targets = new[] { new { clock = "Response", minutes = 5 } } },
            HttpStatusCode.NotFound);
        await SendAsync(client, HttpMethod.Post, "/api/v1/contracts",
            new { number = "HT-X", name = "越权", organizationId = west, startDate = "2026-01-01", endDate = "2026-12-31" }, HttpStatusCode.BadRequest);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task WriteContract_ViewOnlyUser_Returns403(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var id = await harness.CreateContractAsync("HT-001", city);
        await harness.CreateUserAsync("viewer", BuiltInRoles.Viewer, city);
        using var client = await harness.ClientForAsync("viewer");

        var list = await GetAsync(client, "/api/v1/contracts");
        await SendAsync(client, HttpMethod.Post, "/api/v1/contracts",
            new { number = "HT-2", name = "服务", organizationId = city, startDate = "2026-01-01", endDate = "2026-12-31" }, HttpStatusCode.Forbidden);
        await SendAsync(client, HttpMethod.Put, $"/api/v1/contracts/{id}/policies/1", new { }, HttpStatusCode.Forbidden);
        await SendAsync(client, HttpMethod.Put, "/api/v1/fault-levels/1", new { nameZh = "一级", nameEn = "Level 1" }, HttpStatusCode.Forbidden);

        list.GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task FaultLevels_Edit_ChangesCriteria(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var before = await harness.Policies.FaultLevelCriteriaAsync(Cancellation);

        var seeded = await GetAsync(harness.Admin, "/api/v1/fault-levels");
        var edited = await SendAsync(harness.Admin, HttpMethod.Put, "/api/v1/fault-levels/2", new
        {
            nameZh = "二级 (重大)",
            nameEn = "Level 2 (major)",
            descriptionZh = "录像机故障或同一站点至少 5 路摄像机中断。",
            descriptionEn = "A recorder fault or at least 5 cameras of one site down.",
            deviceKinds = new[] { "Recorder", "switch" },
            minAffectedCameras = 5,
        }, HttpStatusCode.OK);
        var after = await harness.Policies.FaultLevelCriteriaAsync(Cancellation);
        var badLevel = await SendAsync(harness.Admin, HttpMethod.Put, "/api/v1/fault-levels/5", new { nameZh = "五级", nameEn = "Level 5" }, HttpStatusCode.BadRequest);
        var badKind = await SendAsync(harness.Admin, HttpMethod.Put, "/api/v1/fault-levels/3",
            new { nameZh = "三级", nameEn = "Level 3", deviceKinds = new[] { "Toaster" }, minAffectedCameras = 0 }, HttpStatusCode.BadRequest);

        seeded.GetArrayLength().ShouldBe(4);
        seeded[0].GetProperty("nameZh").GetString().ShouldBe("一级");
        seeded[0].GetProperty("siteOutage").GetBoolean().ShouldBeTrue();
        seeded[3].GetProperty("nameEn").GetString().ShouldBe("Level 4");
        before.Single(c => c.Level == 2).MinAffectedCameras.ShouldBe(10);
        edited.GetProperty("deviceKinds").EnumerateArray().Select(k => k.GetString()).ShouldBe(["Recorder", "Switch"]);
        after.Single(c => c.Level == 2).MinAffectedCameras.ShouldBe(5);
        after.Single(c => c.Level == 2).DeviceKinds.Count.ShouldBe(2);
        badLevel.GetProperty("code").GetString().ShouldBe("fault_level.invalid");
        ErrorFields(badKind).ShouldBe(["deviceKinds", "minAffectedCameras"], ignoreOrder: true);
    }

    internal static JsonElement Target(JsonElement policy, string clock) =>
        policy.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("clock").GetString() == clock);
}
