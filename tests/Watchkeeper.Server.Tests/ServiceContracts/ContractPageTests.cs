using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.ServiceContracts.ContractHarness;

namespace Watchkeeper.Server.Tests.ServiceContracts;

/// <summary>What the contract pages show, read from the HTML the server prerenders.</summary>
public sealed class ContractPageTests
{
    [Fact]
    public async Task ContractPages_Admin_ShowContractPoliciesAndLevels()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var id = await harness.CreateContractAsync("HT-2026-001", city, "Advanced");
        using var console = await ConsoleBrowser.SignInAsync(harness.App);

        var list = await ConsoleBrowser.GetPageAsync(console, "/contracts");
        var detail = await ConsoleBrowser.GetPageAsync(console, $"/contracts/{id}");
        var defaults = await ConsoleBrowser.GetPageAsync(console, "/contracts/sla-policies");
        var levels = await ConsoleBrowser.GetPageAsync(console, "/contracts/fault-levels");

        list.ShouldContain("data-testid=\"nav-contracts\"");
        list.ShouldContain("HT-2026-001");
        list.ShouldContain("data-testid=\"contract-new\"");
        detail.ShouldContain("data-testid=\"policy-4\"");
        detail.ShouldContain("本合同专属策略");
        detail.ShouldContain("data-testid=\"policy-2-save\"");
        defaults.ShouldContain("data-testid=\"default-1\"");
        defaults.ShouldContain("data-testid=\"template-4\"");
        levels.ShouldContain("一级");
        levels.ShouldContain("data-testid=\"fault-level-1-save\"");
    }

    [Fact]
    public async Task ContractPages_Viewer_HideEditButtons()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var city = await harness.CreateOrganizationAsync("某市公安局");
        var id = await harness.CreateContractAsync("HT-2026-001", city);
        await harness.CreateUserAsync("viewer", BuiltInRoles.Viewer, city);
        using var viewer = await ConsoleBrowser.SignInAsync(harness.App, userName: "viewer", password: UserPassword);

        var list = await ConsoleBrowser.GetPageAsync(viewer, "/contracts");
        var detail = await ConsoleBrowser.GetPageAsync(viewer, $"/contracts/{id}");

        list.ShouldContain("HT-2026-001");
        list.ShouldNotContain("data-testid=\"contract-new\"");
        detail.ShouldContain("data-testid=\"policy-2\"");
        detail.ShouldNotContain("data-testid=\"policy-2-save\"");
        detail.ShouldNotContain("data-testid=\"contract-save\"");
    }
}
