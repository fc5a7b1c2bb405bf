using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Watchkeeper.Server.Identity.Access;

/// <summary>
/// Creates each built-in role that is missing, with its default permissions. A role that exists is left as the
/// administrator edited it.
/// </summary>
public sealed class RoleSeeder(RoleManager<ApplicationRole> roles, ILogger<RoleSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = await roles.Roles.Select(r => r.Name!).ToListAsync(cancellationToken);
        foreach (var name in BuiltInRoles.Names.Except(existing, StringComparer.Ordinal))
        {
            var role = new ApplicationRole { Name = name, IsBuiltIn = true };
            Check(await roles.CreateAsync(role), name);
            foreach (var permission in BuiltInRoles.DefaultPermissions(name).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                Check(await roles.AddClaimAsync(role, new Claim(AccessClaims.Permission, permission.Name)), name);
            }

            logger.LogInformation("Created the built-in role {Role}", name);
        }
    }

    private static void Check(IdentityResult result, string role)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Creating the built-in role {role} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
