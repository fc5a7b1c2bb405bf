using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class ContractConsoleTests
{
    [Fact]
    public async Task ContractPage_EditArrivalTarget_SavesContractPolicy()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        using var api = await server.App.CreateAdminClientAsync();
        var city = await new TestLedger(server.App).AddOrganizationAsync("某市公安局");
        var contract = await PostAsync(api, "/api/v1/contracts",
            new { number = "HT-2026-001", name = "视频监控运维服务", organizationId = city, startDate = "2026-01-01", endDate = "2026-12-31" });
        var id = contract.GetProperty("id").GetInt64();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await page.OpenAsync($"/contracts/{id}");

        var levelTwo = page.Locator("[data-testid=policy-2]");
        await Assertions.Expect(page.Locator("[data-testid=policy-2-note]")).ToHaveTextAsync("使用默认策略；保存后成为本合同专属策略");
        var arrival = levelTwo.Locator("[data-testid=policy-2-minutes-Arrival] input, input[data-testid=policy-2-minutes-Arrival]").First;
        await arrival.FillAsync("300");
        await arrival.BlurAsync();
        await levelTwo.Locator("[data-testid=policy-2-calendar-Arrival]").SelectOptionAsync("1");
        await levelTwo.Locator("[data-testid=policy-2-save]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=policy-2-note]")).ToHaveTextAsync("本合同专属策略");
        var policies = await api.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{id}/policies", TestContext.Current.CancellationToken);
        var levelTwoPolicy = policies[1];
        levelTwoPolicy.GetProperty("isDefault").GetBoolean().ShouldBeFalse();
        var target = levelTwoPolicy.GetProperty("policy").GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("clock").GetString() == "Arrival");
        target.GetProperty("minutes").GetInt32().ShouldBe(300);
        target.GetProperty("calendarId").GetInt64().ShouldBe(1);
        policies[0].GetProperty("isDefault").GetBoolean().ShouldBeTrue();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
