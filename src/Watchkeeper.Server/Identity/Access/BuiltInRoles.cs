using C = Watchkeeper.Server.Identity.Access.Capability;
using A = Watchkeeper.Server.Identity.Access.PermissionAction;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>
/// The roles every installation starts with, and the permissions each gets when it is first created.
/// An administrator may change them afterwards; these sets only seed an empty database.
/// </summary>
public static class BuiltInRoles
{
    public const string Administrator = "Administrator";
    public const string Dispatcher = "Dispatcher";
    public const string Engineer = "Engineer";
    public const string TeamLead = "TeamLead";
    public const string ProjectManager = "ProjectManager";
    public const string ResidentEngineer = "ResidentEngineer";
    public const string VendorDeveloper = "VendorDeveloper";
    public const string BusinessDepartment = "BusinessDepartment";
    public const string TechnicalManagementUnit = "TechnicalManagementUnit";
    public const string Leadership = "Leadership";
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> Names { get; } =
    [
        Administrator, Dispatcher, Engineer, TeamLead, ProjectManager, ResidentEngineer, VendorDeveloper,
        BusinessDepartment, TechnicalManagementUnit, Leadership, Viewer,
    ];

    // What every operations role reads: the fleet, its state and its reports.
    private static readonly C[] s_operations = [C.Devices, C.Organizations, C.Alarms, C.Monitoring, C.Diagnosis, C.Recording, C.Gb28181, C.Reports, C.DutyRoster];

    // The service workflows that later capabilities add.
    private static readonly C[] s_service = [C.Tickets, C.Changes, C.Emergencies, C.Inspections, C.Knowledge];

    public static IReadOnlySet<Permission> DefaultPermissions(string role) => role switch
    {
        Administrator => Permission.All.ToHashSet(),
        Dispatcher => Set(
            View(s_operations), View(s_service),
            [P(C.Alarms, A.Edit), P(C.Alarms, A.Close), P(C.Alarms, A.Export), P(C.Devices, A.Export), P(C.Diagnosis, A.Create), P(C.Monitoring, A.Edit),
             P(C.DutyRoster, A.Edit), P(C.Tickets, A.Create), P(C.Tickets, A.Edit), P(C.Tickets, A.Close), P(C.Emergencies, A.Create)]),
        Engineer or ResidentEngineer => Set(
            View(s_operations), View(s_service),
            [P(C.Devices, A.Edit), P(C.Devices, A.Export), P(C.Alarms, A.Edit), P(C.Alarms, A.Close), P(C.Monitoring, A.Edit), P(C.Diagnosis, A.Create),
             P(C.Diagnosis, A.Edit), P(C.Recording, A.Edit), P(C.Gb28181, A.Edit), P(C.Tickets, A.Create), P(C.Tickets, A.Edit), P(C.Tickets, A.Close),
             P(C.Changes, A.Create), P(C.Changes, A.Edit), P(C.Inspections, A.Edit), P(C.Inspections, A.Close), P(C.Knowledge, A.Create), P(C.Knowledge, A.Edit),
             P(C.Emergencies, A.Edit)]),
        TeamLead => Set(
            DefaultPermissions(Engineer),
            [P(C.Devices, A.Create), P(C.Devices, A.Administer), P(C.Organizations, A.Create), P(C.Organizations, A.Edit), P(C.Diagnosis, A.Administer),
             P(C.Recording, A.Administer), P(C.Monitoring, A.Administer), P(C.Reports, A.Export), P(C.DutyRoster, A.Edit), P(C.DutyRoster, A.Administer),
             P(C.Tickets, A.Approve), P(C.Tickets, A.Administer), P(C.Changes, A.Approve), P(C.Inspections, A.Create), P(C.Inspections, A.Administer),
             P(C.Knowledge, A.Approve), P(C.Emergencies, A.Create), P(C.Users, A.View)]),
        ProjectManager => Set(
            View(s_operations), View(s_service), Export(s_operations),
            [P(C.Reports, A.Create), P(C.Tickets, A.Approve), P(C.Tickets, A.Close), P(C.Changes, A.Create), P(C.Changes, A.Approve), P(C.Changes, A.Close),
             P(C.Emergencies, A.Create), P(C.Emergencies, A.Close), P(C.Inspections, A.Create), P(C.Inspections, A.Approve), P(C.DutyRoster, A.Edit),
             P(C.DutyRoster, A.Administer), P(C.Users, A.View), P(C.Knowledge, A.Approve)]),
        VendorDeveloper => Set(
            View([C.Devices, C.Organizations, C.Alarms, C.Monitoring, C.Diagnosis, C.Recording, C.Gb28181]), View(s_service),
            [P(C.Changes, A.Create), P(C.Changes, A.Edit), P(C.Tickets, A.Edit), P(C.Knowledge, A.Create), P(C.Knowledge, A.Edit), P(C.Emergencies, A.Edit)]),
        BusinessDepartment => Set(
            View([C.Devices, C.Organizations, C.Alarms, C.Reports, C.Tickets, C.Changes, C.Emergencies, C.Knowledge]),
            [P(C.Tickets, A.Create), P(C.Changes, A.Approve)]),
        TechnicalManagementUnit => Set(
            View(s_operations), View(s_service), Export([C.Reports, C.Devices]),
            [P(C.Changes, A.Approve), P(C.Inspections, A.Approve), P(C.Tickets, A.Create), P(C.Emergencies, A.Create)]),
        Leadership => Set(
            View(s_operations), View(s_service), Export([C.Reports]),
            [P(C.Changes, A.Approve), P(C.Emergencies, A.Approve), P(C.Emergencies, A.StartEmergency), P(C.Emergencies, A.Close)]),
        Viewer => Set(View(s_operations), View(s_service)),
        _ => new HashSet<Permission>(),
    };

    private static Permission P(Capability capability, PermissionAction action) => new(capability, action);

    private static IEnumerable<Permission> View(IEnumerable<Capability> capabilities) => capabilities.Select(c => P(c, PermissionAction.View));

    private static IEnumerable<Permission> Export(IEnumerable<Capability> capabilities) => capabilities.Select(c => P(c, PermissionAction.Export));

    private static HashSet<Permission> Set(params IEnumerable<Permission>[] parts) => parts.SelectMany(p => p).ToHashSet();
}
