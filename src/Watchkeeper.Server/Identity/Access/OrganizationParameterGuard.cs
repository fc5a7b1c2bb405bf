using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>
/// Returns 404 for an API request whose <c>organizationId</c> (route value or query parameter) names an organization
/// outside the user's scope, so that every KPI, list, export and policy endpoint treats a hidden organization as a
/// missing one without checking it itself.
/// </summary>
public sealed class OrganizationParameterGuard(RequestDelegate next)
{
    public const string ParameterName = "organizationId";

    public async Task InvokeAsync(HttpContext context, OrganizationDirectory organizations)
    {
        if (OrganizationScope.Current is { IsUnrestricted: false }
            && IdentitySetup.IsApiRequest(context.Request)
            && OrganizationIdOf(context) is { } organizationId
            && !await organizations.IsVisibleAsync(organizationId, context.RequestAborted))
        {
            var error = Error.NotFound("organization.not_found", Bilingual.Join(
                $"组织 {organizationId} 不存在。", $"Organization {organizationId} does not exist."));
            await ApiResults.Problem(error).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>Returns the organization id the request names; a value that is not a number is left to model binding.</summary>
    private static long? OrganizationIdOf(HttpContext context)
    {
        var text = context.Request.RouteValues.TryGetValue(ParameterName, out var routeValue)
            ? routeValue?.ToString()
            : context.Request.Query[ParameterName].FirstOrDefault();
        return long.TryParse(text, out var id) ? id : null;
    }
}
