namespace Watchkeeper.Server.Tests.Access;

/// <summary>
/// What every HTTP endpoint of the server requires, written out by hand: a permission name, "anonymous" or
/// "signed-in". The role × endpoint test fails when an endpoint is added, removed or annotated differently
/// without this table changing with it.
/// </summary>
internal static class EndpointPermissionTable
{
    public const string Anonymous = "anonymous";
    public const string SignedIn = "signed-in";

    public static IReadOnlyDictionary<string, string> Expected { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Anonymous,
        ["POST /api/v1/auth/token"] = Anonymous,
        ["GET /api/v1/auth/antiforgery"] = SignedIn,
        ["GET /api/v1/tokens/"] = SignedIn,
        ["POST /api/v1/tokens/"] = SignedIn,
        ["DELETE /api/v1/tokens/{id:long}"] = SignedIn,
        ["POST /api/v1/account/sign-out-everywhere"] = SignedIn,
        ["GET /culture/set"] = Anonymous,
        ["POST /account/logout"] = SignedIn,
        ["GET /openapi/{documentName}.json"] = SignedIn,
        ["ANY /metrics"] = SignedIn,

        ["GET /api/v1/organizations/"] = "organizations.view",
        ["POST /api/v1/organizations/"] = "organizations.create",
        ["PUT /api/v1/organizations/{id:long}"] = "organizations.edit",
        ["DELETE /api/v1/organizations/{id:long}"] = "organizations.administer",

        ["GET /api/v1/devices/"] = "devices.view",
        ["GET /api/v1/devices/{id:long}"] = "devices.view",
        ["POST /api/v1/devices/"] = "devices.create",
        ["PUT /api/v1/devices/{id:long}"] = "devices.edit",
        ["DELETE /api/v1/devices/{id:long}"] = "devices.administer",
        ["POST /api/v1/devices/import"] = "devices.create",
        ["GET /api/v1/devices/export"] = "devices.export",
        ["GET /api/v1/devices/import/template"] = "devices.view",
        ["POST /api/v1/devices/{id:long}/probe-now"] = "monitoring.edit",

        ["GET /api/v1/alarms/"] = "alarms.view",
        ["GET /api/v1/alarms/{id:long}"] = "alarms.view",
        ["POST /api/v1/alarms/{id:long}/acknowledge"] = "alarms.edit",

        ["GET /api/v1/notifications/channels"] = "alarms.view",
        ["GET /api/v1/notifications/channels/{id:long}"] = "alarms.view",
        ["POST /api/v1/notifications/channels"] = "alarms.administer",
        ["PUT /api/v1/notifications/channels/{id:long}"] = "alarms.administer",
        ["DELETE /api/v1/notifications/channels/{id:long}"] = "alarms.administer",
        ["POST /api/v1/notifications/channels/{id:long}/test"] = "alarms.administer",
        ["GET /api/v1/notifications/templates"] = "alarms.view",
        ["PUT /api/v1/notifications/templates/{kind}/{channelKind}"] = "alarms.administer",
        ["DELETE /api/v1/notifications/templates/{kind}/{channelKind}"] = "alarms.administer",
        ["POST /api/v1/notifications/templates/{kind}/{channelKind}/preview"] = "alarms.administer",
        ["GET /api/v1/notifications/deliveries"] = "alarms.view",
        ["GET /api/v1/notifications/deliveries/{id:long}"] = "alarms.view",

        ["GET /api/v1/kpi/online-rate"] = "reports.view",
        ["GET /api/v1/kpi/intact-rate"] = "reports.view",
        ["GET /api/v1/kpi/recording-completeness"] = "reports.view",
        ["GET /api/v1/kpi/retention-compliance"] = "reports.view",

        ["GET /api/v1/organizations/{organizationId:long}/monitoring-policies/"] = "monitoring.view",
        ["PUT /api/v1/organizations/{organizationId:long}/monitoring-policies/{kind}"] = "monitoring.administer",
        ["DELETE /api/v1/organizations/{organizationId:long}/monitoring-policies/{kind}"] = "monitoring.administer",

        ["GET /api/v1/gb28181/settings/"] = "settings.view",
        ["PUT /api/v1/gb28181/settings/"] = "settings.administer",
        ["GET /api/v1/gb28181/devices"] = "gb28181.view",
        ["GET /api/v1/gb28181/devices/{gbId}"] = "gb28181.view",
        ["POST /api/v1/gb28181/devices/{gbId}/catalog"] = "gb28181.edit",
        ["POST /api/v1/gb28181/devices/{gbId}/info"] = "gb28181.edit",
        ["POST /api/v1/gb28181/devices/{gbId}/status"] = "gb28181.edit",
        ["POST /api/v1/gb28181/devices/{gbId}/records"] = "gb28181.edit",
        ["GET /api/v1/gb28181/channels/{channelId}/records"] = "gb28181.view",
        ["PUT /api/v1/gb28181/devices/{gbId}/settings"] = "gb28181.edit",

        ["POST /api/v1/diagnosis/analyze"] = "diagnosis.create",
        ["POST /api/v1/diagnosis/cameras/{id:long}/run"] = "diagnosis.create",
        ["GET /api/v1/diagnosis/cameras/{id:long}/latest"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/cameras/{id:long}/plan"] = "diagnosis.view",
        ["POST /api/v1/diagnosis/organizations/{id:long}/run"] = "diagnosis.create",
        ["GET /api/v1/diagnosis/results"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/results/{id:long}"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/results/{id:long}/thumbnail"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/results/{id:long}/evidence"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/cameras/{id:long}/references"] = "diagnosis.view",
        ["POST /api/v1/diagnosis/cameras/{id:long}/references/from-latest"] = "diagnosis.edit",
        ["POST /api/v1/diagnosis/cameras/{id:long}/references"] = "diagnosis.edit",
        ["POST /api/v1/diagnosis/cameras/{id:long}/references/rebaseline"] = "diagnosis.edit",
        ["GET /api/v1/diagnosis/references/{id:long}/image"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/plans"] = "diagnosis.view",
        ["GET /api/v1/diagnosis/plans/{id:long}"] = "diagnosis.view",
        ["POST /api/v1/diagnosis/plans"] = "diagnosis.administer",
        ["PUT /api/v1/diagnosis/plans/{id:long}"] = "diagnosis.administer",
        ["DELETE /api/v1/diagnosis/plans/{id:long}"] = "diagnosis.administer",

        ["GET /api/v1/recordings/{channelId:long}/gaps"] = "recording.view",
        ["POST /api/v1/recordings/{channelId:long}/check"] = "recording.edit",
        ["GET /api/v1/recordings/{channelId:long}/schedule"] = "recording.view",
        ["PUT /api/v1/recordings/{channelId:long}/schedule"] = "recording.edit",
        ["GET /api/v1/organizations/{organizationId:long}/recording-policy/"] = "recording.view",
        ["PUT /api/v1/organizations/{organizationId:long}/recording-policy/"] = "recording.administer",

        ["GET /api/v1/users/"] = "users.view",
        ["GET /api/v1/users/{id}"] = "users.view",
        ["POST /api/v1/users/"] = "users.create",
        ["PUT /api/v1/users/{id}"] = "users.edit",
        ["POST /api/v1/users/{id}/disable"] = "users.administer",
        ["POST /api/v1/users/{id}/enable"] = "users.administer",
        ["POST /api/v1/users/{id}/reset-password"] = "users.administer",
        ["POST /api/v1/users/{id}/unlock"] = "users.administer",
        ["GET /api/v1/roles/"] = "roles.view",
        ["GET /api/v1/roles/permissions"] = "roles.view",
        ["GET /api/v1/roles/{name}"] = "roles.view",
        ["POST /api/v1/roles/"] = "roles.create",
        ["PUT /api/v1/roles/{name}"] = "roles.edit",
        ["DELETE /api/v1/roles/{name}"] = "roles.administer",

        ["GET /api/v1/audit/"] = "audit.view",
        ["GET /api/v1/audit/export"] = "audit.export",
        ["GET /api/v1/audit/verify"] = "audit.administer",

        ["GET /api/v1/duty-roster/"] = "duty-roster.view",
        ["GET /api/v1/duty-roster/on-duty"] = "duty-roster.view",
        ["GET /api/v1/duty-roster/shifts/{id:long}"] = "duty-roster.view",
        ["GET /api/v1/duty-roster/teams"] = "duty-roster.view",
        ["GET /api/v1/duty-roster/teams/{id:long}"] = "duty-roster.view",
        ["POST /api/v1/duty-roster/shifts"] = "duty-roster.edit",
        ["PUT /api/v1/duty-roster/shifts/{id:long}"] = "duty-roster.edit",
        ["DELETE /api/v1/duty-roster/shifts/{id:long}"] = "duty-roster.edit",
        ["POST /api/v1/duty-roster/shifts/{id:long}/handover"] = "duty-roster.edit",
        ["POST /api/v1/duty-roster/handover/{id:long}/acknowledge"] = "duty-roster.edit",
        ["POST /api/v1/duty-roster/generate"] = "duty-roster.administer",
        ["POST /api/v1/duty-roster/teams"] = "duty-roster.administer",
        ["PUT /api/v1/duty-roster/teams/{id:long}"] = "duty-roster.administer",
        ["DELETE /api/v1/duty-roster/teams/{id:long}"] = "duty-roster.administer",
    };
}
