using Microsoft.Extensions.Localization;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Identity.Admin;

/// <summary>How the console names roles: built-in roles by their resource, custom roles by their display name.</summary>
public static class RoleText
{
    public static string Label(IStringLocalizer localizer, string name, string? displayName)
    {
        if (BuiltInRoles.Names.Contains(name, StringComparer.Ordinal))
        {
            return localizer["Role." + name];
        }

        return string.IsNullOrWhiteSpace(displayName) ? name : displayName;
    }
}
