using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.ServiceContracts;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.ServiceContracts.ContractHarness;

namespace Watchkeeper.Server.Tests.ServiceContracts;

public sealed class SlaPolicyApiTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task PutPolicy_InvalidValues_NamesEachField(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var contract = await harness.CreateContractAsync("HT-001", city);

        var problem = await SendAsync(harness.Admin, HttpMethod.Put, $"/api/v1/contracts/{contract}/policies/2", new
        {
            targets = new object[]
            {
                new { clock = "Response", minutes = 0 },
                new { clock = "Arrival", minutes = 365 * 24 * 60 + 1 },
                new { clock = "Restoration", minutes = 240, calendarId = 999 },
                new { clock = "Response", minutes = 30 },
                new { clock = "Lunch", minutes = 30 },
            },
            warningPercents = new[] { 75, 0, 75, 1001 },
            warningNotify = new[] { "user:nobody", "group:999", "everyone" },
            steps = new object[]
            {
                new { clock = "Restoration", percent = 100, afterMinutes = 0, notify = new[] { "projectManager" } },
                new { clock = "Restoration", percent = 100, afterMinutes = 0, notify = new[] { "teamLead" } },
                new { clock = "Resolution", percent = 100, notify = new[] { "teamLead" } },
                new { clock = "Restoration", percent = 2000, afterMinutes = -5 },
            },
            unassigned = new { minutes = -1, notify = new[] { "duty" } },
        }, HttpStatusCode.BadRequest);

        ErrorFields(problem).ShouldBe([
            "targets[0].minutes", "targets[1].minutes", "targets[3].clock", "targets[4].clock", "unassigned.minutes",
            "warningPercents[1]", "warningPercents[2]", "warningPercents[3]", "warningNotify", "steps[1]", "steps[2].clock",
            "steps[3].percent", "steps[3].afterMinutes", "targets[2].calendarId", "warningNotify", "warningNotify",
        ], ignoreOrder: true);
        var messages = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        messages.ShouldContain(m => m.Contains("工作日历 999 不存在") && m.Contains("business calendar 999"));
        messages.ShouldContain(m => m.Contains("“everyone”无效") && m.Contains("receiver 'everyone' is invalid"));
        messages.ShouldContain(m => m.Contains("接收组 999 不存在"));
        messages.ShouldContain(m => m.Contains("nobody"));
        messages.ShouldContain(m => m.Contains("Duplicate escalation step: Restoration at 100% + 0 minutes"));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Terms_ContractPolicy_CarriesCalendarsAndMarks(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var contract = await harness.CreateContractAsync("HT-001", city);
        var manager = await harness.CreateUserAsync("pm-zhao", BuiltInRoles.ProjectManager, city);
        var group = await CreateReceiverGroupAsync(harness, "领导小组", manager);

        var saved = await SendAsync(harness.Admin, HttpMethod.Put, $"/api/v1/contracts/{contract}/policies/2", new
        {
            targets = new object[]
            {
                new { clock = "response", minutes = 30 },
                new { clock = "Arrival", minutes = 240, calendarId = 1 },
                new { clock = "Restoration", minutes = 480 },
            },
            warningPercents = new[] { 90, 50 },
            breachNotify = new[] { "assignee", $"user:{manager}" },
            steps = new object[]
            {
                new { clock = "Restoration", percent = 100, afterMinutes = 120, notify = new[] { $"group:{group}" }, raiseLevel = true },
            },
            unassigned = new { minutes = 15, notify = new[] { "duty" } },
            unaccepted = new { minutes = 30, calendarId = 1, notify = new[] { "teamLead" } },
        }, HttpStatusCode.OK);
        var policyId = saved.GetProperty("id").GetInt64();

        var terms = await harness.Policies.TermsAsync(contract, 2, Cancellation);
        var fallback = await harness.Policies.TermsAsync(contract, 3, Cancellation);
        var noContract = await harness.Policies.TermsAsync(null, 1, Cancellation);

        terms.ContractId.ShouldBe(contract);
        terms.PolicyId.ShouldBe(policyId);
        policyId.ShouldBeGreaterThan(8, "ids 1-8 are the seeded default and template policies");
        terms.FaultLevel.ShouldBe(2);
        terms.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Arrival, 240, 1));
        terms.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Response, 30, null));
        terms.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Assignment, 15, null));
        terms.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Acceptance, 30, 1));
        terms.Marks.Where(m => m.Clock == SlaClockKind.Arrival).Select(m => m.Id).ShouldBe(["warning-50", "warning-90", "breach"]);
        var breach = terms.MarkOf(SlaClockKind.Response, "breach").ShouldNotBeNull();
        breach.Kind.ShouldBe(SlaMarkKind.Breach);
        breach.Notify.ShouldBe(["assignee", $"user:{manager}"]);
        var step = terms.MarkOf(SlaClockKind.Restoration, "step-1").ShouldNotBeNull();
        step.Kind.ShouldBe(SlaMarkKind.Escalation);
        step.Percent.ShouldBe(100);
        step.AfterMinutes.ShouldBe(120);
        step.RaiseLevel.ShouldBeTrue();
        step.Notify.ShouldBe([$"group:{group}"]);
        terms.MarkOf(SlaClockKind.Assignment, "unassigned").ShouldNotBeNull().Notify.ShouldBe(["duty"]);
        terms.MarkOf(SlaClockKind.Acceptance, "unaccepted").ShouldNotBeNull().Notify.ShouldBe(["teamLead"]);
        fallback.ContractId.ShouldBe(contract);
        fallback.PolicyId.ShouldBe(3);
        fallback.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Response, 120, 1));
        noContract.ContractId.ShouldBeNull();
        noContract.PolicyId.ShouldBe(1);
        noContract.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Response, 15, null));
        noContract.Marks.Select(m => m.Id).ShouldContain("warning-75");
        harness.Observer.Calls.ShouldContain(ids => ids.SequenceEqual(new long[] { policyId, 2 }));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Terms_AdvancedContract_ArrivesWithinFourWorkingHours(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var contract = await harness.CreateContractAsync("HT-A", city, "Advanced");

        var levelTwo = await harness.Policies.TermsAsync(contract, 2, Cancellation);
        var levelThree = await harness.Policies.TermsAsync(contract, 3, Cancellation);

        levelTwo.PolicyId.ShouldNotBe(6);
        levelTwo.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Arrival, 240, 1));
        levelThree.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Arrival, 240, 1));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task PutPolicy_AfterTermsCached_ServesNewTerms(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var before = await harness.Policies.TermsAsync(null, 4, Cancellation);

        var saved = await SendAsync(harness.Admin, HttpMethod.Put, "/api/v1/sla-policies/4", new
        {
            targets = new object[] { new { clock = "Response", minutes = 120, calendarId = 1 } },
            warningPercents = Array.Empty<int>(),
        }, HttpStatusCode.OK);
        var after = await harness.Policies.TermsAsync(null, 4, Cancellation);

        before.Targets.ShouldContain(new SlaTargetSnapshot(SlaClockKind.Response, 540, 1));
        saved.GetProperty("kind").GetString().ShouldBe("Default");
        after.Targets.ShouldBe([new SlaTargetSnapshot(SlaClockKind.Response, 120, 1)]);
        after.Marks.Select(m => m.Id).ShouldBe(["breach"]);
        harness.Observer.Calls.ShouldContain(ids => ids.SequenceEqual(new long[] { 4 }));
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task PutPolicy_StepsReplaced_KeepStableIds(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var contract = await harness.CreateContractAsync("HT-001", city);
        object[] targets = [new { clock = "Response", minutes = 30 }, new { clock = "Resolution", minutes = 1440 }];
        await SendAsync(harness.Admin, HttpMethod.Put, $"/api/v1/contracts/{contract}/policies/3", new
        {
            targets,
            steps = new object[]
            {
                new { clock = "Response", percent = 100, notify = new[] { "teamLead" } },
                new { clock = "Resolution", percent = 100, notify = new[] { "projectManager" } },
            },
        }, HttpStatusCode.OK);

        var replaced = await SendAsync(harness.Admin, HttpMethod.Put, $"/api/v1/contracts/{contract}/policies/3", new
        {
            targets,
            steps = new object[]
            {
                new { id = 2, clock = "Resolution", percent = 100, notify = new[] { "projectManager" } },
                new { clock = "Resolution", percent = 100, afterMinutes = 240, notify = new[] { "residentEngineers" } },
            },
        }, HttpStatusCode.OK);
        var deleted = await SendAsync(harness.Admin, HttpMethod.Delete, $"/api/v1/contracts/{contract}/policies/3", null, HttpStatusCode.NoContent);
        var terms = await harness.Policies.TermsAsync(contract, 3, Cancellation);

        replaced.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()).ShouldBe([2, 3]);
        deleted.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Undefined);
        terms.PolicyId.ShouldBe(3);
        await SendAsync(harness.Admin, HttpMethod.Delete, $"/api/v1/contracts/{contract}/policies/3", null, HttpStatusCode.NotFound);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ContractFor_Organizations_FindsNearestActiveContract(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var district = await harness.CreateOrganizationAsync("城区分局", city);
        var site = await harness.CreateOrganizationAsync("人民路派出所", district);
        var other = await harness.CreateOrganizationAsync("另一个市局");
        var cityContract = await harness.CreateContractAsync("HT-CITY", city);
        await harness.CreateContractAsync("HT-DISTRICT-2025", district, start: "2025-01-01", end: "2025-12-31");
        var siteContract = await harness.CreateContractAsync("HT-SITE", site, "Advanced", start: "2026-07-01", end: "2026-09-30");

        // 2026-01-01 00:30 in Shanghai is still 2025-12-31 in UTC: the contract dates are local.
        var newYear = new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.FromHours(8));
        var fromSiteInJanuary = await harness.Policies.ContractForAsync(site, newYear, Cancellation);
        var fromSiteInAugust = await harness.Policies.ContractForAsync(site, new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.FromHours(8)), Cancellation);
        var fromDistrictIn2025 = await harness.Policies.ContractForAsync(district, new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.FromHours(8)), Cancellation);
        var fromCityIn2027 = await harness.Policies.ContractForAsync(city, new DateTimeOffset(2027, 1, 1, 10, 0, 0, TimeSpan.FromHours(8)), Cancellation);
        var fromOther = await harness.Policies.ContractForAsync(other, newYear, Cancellation);
        var catalog = harness.App.Services.GetRequiredService<SlaPolicyCatalog>();
        var siteById = await catalog.ContractAsync(siteContract, Cancellation);
        var missingById = await catalog.ContractAsync(999_999, Cancellation);

        fromSiteInJanuary.ShouldNotBeNull().Id.ShouldBe(cityContract);
        fromSiteInJanuary.Number.ShouldBe("HT-CITY");
        fromSiteInJanuary.OrganizationId.ShouldBe(city);
        var august = fromSiteInAugust.ShouldNotBeNull();
        august.Id.ShouldBe(siteContract);
        august.Level.ShouldBe(ServiceLevel.Advanced);
        fromDistrictIn2025.ShouldNotBeNull().Number.ShouldBe("HT-DISTRICT-2025");
        fromCityIn2027.ShouldBeNull();
        fromOther.ShouldBeNull();
        siteById.ShouldNotBeNull().Number.ShouldBe("HT-SITE");
        missingById.ShouldBeNull();
    }

    private static async Task<long> CreateReceiverGroupAsync(ContractHarness harness, string name, string userId)
    {
        await using var scope = harness.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WatchkeeperDbContext>();
        var group = new ReceiverGroup { Name = name, UserIds = [userId] };
        db.ReceiverGroups.Add(group);
        await db.SaveChangesAsync(Cancellation);
        return group.Id;
    }
}
