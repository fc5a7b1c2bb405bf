using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Identity;

/// <summary>
/// The <c>Identity</c> configuration section: lockout, session lifetime and personal access tokens. The password
/// rules are read from <c>Identity:Password</c> straight into Identity's own <c>PasswordOptions</c>.
/// </summary>
public sealed class AccountOptions
{
    public const string Section = "Identity";

    public LockoutSettings Lockout { get; set; } = new();

    /// <summary>Minutes without a request after which a console session ends (the cookie's sliding expiry).</summary>
    public int SessionIdleMinutes { get; set; } = 30;

    /// <summary>
    /// Seconds between checks of a cookie's security stamp against the database; a session ended by "sign out
    /// everywhere" or a password change stops working within this time.
    /// </summary>
    public int SecurityStampCheckSeconds { get; set; } = 60;

    public PersonalAccessTokenSettings PersonalAccessTokens { get; set; } = new();

    public sealed class LockoutSettings
    {
        /// <summary>Failed sign-ins in a row (passwords and second-factor codes) that lock the account.</summary>
        public int MaxFailedAttempts { get; set; } = 5;

        /// <summary>How long a locked account stays locked, in minutes.</summary>
        public int Minutes { get; set; } = 15;
    }

    public sealed class PersonalAccessTokenSettings
    {
        /// <summary>The latest expiry a new token may have, in days from its creation.</summary>
        public int MaxDays { get; set; } = 365;

        /// <summary>Tokens one user may hold that are neither revoked nor expired.</summary>
        public int MaxActivePerUser { get; set; } = 50;
    }
}

/// <summary>Rejects settings outside sensible ranges, such as a lockout after 0 failures or a session that never expires.</summary>
internal sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.Lockout.MaxFailedAttempts, 1, 100, "Identity:Lockout:MaxFailedAttempts");
        Check(failures, options.Lockout.Minutes, 1, 24 * 60, "Identity:Lockout:Minutes");
        Check(failures, options.SessionIdleMinutes, 1, 7 * 24 * 60, "Identity:SessionIdleMinutes");
        Check(failures, options.SecurityStampCheckSeconds, 0, 24 * 60 * 60, "Identity:SecurityStampCheckSeconds");
        Check(failures, options.PersonalAccessTokens.MaxDays, 1, 3650, "Identity:PersonalAccessTokens:MaxDays");
        Check(failures, options.PersonalAccessTokens.MaxActivePerUser, 1, 1000, "Identity:PersonalAccessTokens:MaxActivePerUser");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, int value, int minimum, int maximum, string key)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{key} is {value}; set it between {minimum} and {maximum}.");
        }
    }
}
