using Microsoft.AspNetCore.Identity;

namespace Watchkeeper.Server.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>True until the user replaces a generated password; every page but the change form is closed meanwhile.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
