using System.Reflection;
using Microsoft.AspNetCore.Components;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tests.Console;

/// <summary>Every console page names the permission it needs, the same one the API requires for the same data.</summary>
public sealed class ConsolePagePermissionTests
{
    // Account pages (sign-in, password change, access denied) stay open to anyone signed in, or to anyone at all.
    private const string AccountPrefix = "/account/";

    public static TheoryData<string, string> ExpectedPermissions() => new()
    {
        { "/", "devices.view" },
        { "/devices", "devices.view" },
        { "/devices/{Id:long}", "devices.view" },
        { "/ledger/import", "devices.create" },
        { "/alarms", "alarms.view" },
        { "/alarms/{Id:long}", "alarms.view" },
        { "/diagnosis", "diagnosis.view" },
        { "/diagnosis/cameras/{Id:long}", "diagnosis.view" },
        { "/diagnosis/plans", "diagnosis.view" },
        { "/alarms/maintenance-windows", "alarms.view" },
        { "/alarms/silences", "alarms.view" },
        { "/gb28181", "gb28181.view" },
        { "/gb28181/{GbId}", "gb28181.view" },
        { "/settings/gb28181", "settings.view" },
        { "/recordings", "recording.view" },
        { "/recordings/{ChannelId:long}", "recording.view" },
        { "/organizations", "organizations.view" },
        { "/contracts", "tickets.view" },
        { "/contracts/{Id:long}", "tickets.view" },
        { "/contracts/sla-policies", "tickets.view" },
        { "/contracts/fault-levels", "tickets.view" },
        { "/tickets", "tickets.view" },
        { "/tickets/{Id:long}", "tickets.view" },
        { "/tickets/new", "tickets.create" },
        { "/changes", "changes.view" },
        { "/changes/new", "changes.create" },
        { "/changes/{Id:long}", "changes.view" },
        { "/changes/{Id:long}/permit", "changes.view" },
        { "/changes/approvals", "changes.approve" },
    };

    [Theory]
    [MemberData(nameof(ExpectedPermissions))]
    public void Page_Route_RequiresPermission(string route, string permission)
    {
        var page = Pages().GetValueOrDefault(route).ShouldNotBeNull($"no page has the route {route}");

        PermissionOf(page).ShouldBe(permission);
    }

    [Fact]
    public void Pages_OutsideAccount_AllRequirePermission()
    {
        var missing = Pages()
            .Where(p => !p.Key.StartsWith(AccountPrefix, StringComparison.Ordinal) && PermissionOf(p.Value) is null)
            .Select(p => p.Key)
            .ToList();

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void AccountPages_None_RequirePermission()
    {
        var guarded = Pages()
            .Where(p => p.Key.StartsWith(AccountPrefix, StringComparison.Ordinal) && PermissionOf(p.Value) is not null)
            .Select(p => p.Key)
            .ToList();

        guarded.ShouldBeEmpty();
    }

    private static Dictionary<string, Type> Pages() =>
        typeof(SharedResource).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Type: t)))
            .ToDictionary(p => p.Template, p => p.Type, StringComparer.Ordinal);

    private static string? PermissionOf(Type page) => page.GetCustomAttribute<RequirePermissionAttribute>()?.Permission.Name;
}
