using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tests.Access;

/// <summary>Pins the defaults the service contract depends on, independently of how the sets are written.</summary>
public sealed class BuiltInRoleDefaultsTests
{
    [Theory]
    [InlineData(BuiltInRoles.Leadership, "emergencies.start-emergency")]
    [InlineData(BuiltInRoles.Leadership, "changes.approve")]
    [InlineData(BuiltInRoles.BusinessDepartment, "changes.approve")]
    [InlineData(BuiltInRoles.TechnicalManagementUnit, "changes.approve")]
    [InlineData(BuiltInRoles.Dispatcher, "alarms.edit")]
    [InlineData(BuiltInRoles.Dispatcher, "tickets.create")]
    [InlineData(BuiltInRoles.Engineer, "devices.edit")]
    [InlineData(BuiltInRoles.VendorDeveloper, "changes.create")]
    [InlineData(BuiltInRoles.Administrator, "audit.view")]
    public void Defaults_RoleHoldsPermission(string role, string permission) =>
        BuiltInRoles.DefaultPermissions(role).Select(p => p.Name).ShouldContain(permission);

    [Theory]
    [InlineData(BuiltInRoles.Viewer, "devices.edit")]
    [InlineData(BuiltInRoles.Viewer, "devices.export")]
    [InlineData(BuiltInRoles.Engineer, "devices.administer")]
    [InlineData(BuiltInRoles.Engineer, "emergencies.start-emergency")]
    [InlineData(BuiltInRoles.Dispatcher, "changes.approve")]
    [InlineData(BuiltInRoles.VendorDeveloper, "changes.approve")]
    [InlineData(BuiltInRoles.TeamLead, "audit.view")]
    [InlineData(BuiltInRoles.ProjectManager, "users.administer")]
    public void Defaults_RoleLacksPermission(string role, string permission) =>
        BuiltInRoles.DefaultPermissions(role).Select(p => p.Name).ShouldNotContain(permission);

    [Fact]
    public void Defaults_OnlyAdministratorAdministersUsersRolesAudit()
    {
        var holders = BuiltInRoles.Names.Where(role => BuiltInRoles.DefaultPermissions(role)
            .Any(p => p.Capability is Capability.Users or Capability.Roles or Capability.Audit && p.Action != PermissionAction.View));

        holders.ShouldBe([BuiltInRoles.Administrator]);
    }

    [Theory]
    [InlineData("devices.view", Capability.Devices, PermissionAction.View)]
    [InlineData("emergencies.start-emergency", Capability.Emergencies, PermissionAction.StartEmergency)]
    [InlineData("Duty-Roster.EDIT", Capability.DutyRoster, PermissionAction.Edit)]
    public void TryParse_Name_ReadsPair(string text, Capability capability, PermissionAction action)
    {
        Permission.TryParse(text, out var permission).ShouldBeTrue();
        permission.ShouldBe(new Permission(capability, action));
    }

    [Theory]
    [InlineData("")]
    [InlineData("devices")]
    [InlineData("devices.")]
    [InlineData("1.2")]
    [InlineData("devices.fly")]
    public void TryParse_Invalid_False(string text) => Permission.TryParse(text, out _).ShouldBeFalse();
}
