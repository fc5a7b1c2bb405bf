using System.Security.Claims;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Gb28181;

public static class GbSettingsEndpoints
{
    public static IEndpointRouteBuilder MapGb28181SettingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/gb28181/settings").WithTags("GB/T 28181");
        var viewers = group.MapGroup("").RequirePermission(Capability.Settings, PermissionAction.View);
        var administrators = group.MapGroup("").RequirePermission(Capability.Settings, PermissionAction.Administer);
        viewers.MapGet("", (GbSettingsService settings) => TypedResults.Ok(settings.Get()))
            .WithSummary("The platform's GB/T 28181 settings in effect and whether the SIP server listens; the password is never returned");

        // NOTE: there are no roles yet, so every signed-in user may change the platform settings.
        administrators.MapPut("", async (GbPlatformSettingsInput input, GbSettingsService settings, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        {
            var changedBy = user.FindFirstValue("name") ?? user.Identity?.Name;
            var result = await settings.SaveAsync(input, changedBy, cancellationToken);
            return ApiResults.From(result, saved => TypedResults.Ok(saved));
        }).WithSummary("Change the platform's GB/T 28181 settings; fields left out keep their value, and a new address, port or transport restarts the SIP listener");
        return routes;
    }
}
