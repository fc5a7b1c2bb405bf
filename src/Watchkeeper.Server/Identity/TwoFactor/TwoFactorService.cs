using System.Text;
using Microsoft.AspNetCore.Identity;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Identity.Sessions;

namespace Watchkeeper.Server.Identity.TwoFactor;

/// <summary>The key an authenticator app needs, as text to type in and as an <c>otpauth://</c> URI.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string FormattedKey, string OtpAuthUri);

/// <summary>What the "My account" page shows about the second factor.</summary>
public sealed record TwoFactorStatus(bool IsEnabled, int RecoveryCodesLeft);

/// <summary>
/// Turns the TOTP second factor (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits: Identity's authenticator token
/// provider) on and off for a user, and hands out recovery codes. Each change replaces the user's security stamp,
/// so the caller refreshes the current sign-in cookie, and the user's bearer tokens stop working.
/// </summary>
public sealed class TwoFactorService(UserManager<ApplicationUser> users, SecurityStampCache stamps, ILogger<TwoFactorService> logger)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The issuer an authenticator app shows beside the account name.</summary>
    public const string Issuer = "Watchkeeper";

    public async Task<TwoFactorStatus> GetStatusAsync(ApplicationUser user) =>
        new(await users.GetTwoFactorEnabledAsync(user), await users.CountRecoveryCodesAsync(user));

    /// <summary>
    /// Returns the key to enter in the authenticator app. A new key is generated when the user has none, or when
    /// <paramref name="renew"/> is true. Two-factor stays off until <see cref="EnableAsync"/> checks a code.
    /// </summary>
    public async Task<AuthenticatorSetup> GetSetupAsync(ApplicationUser user, bool renew)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (renew || string.IsNullOrEmpty(key))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user), user, "resetting the authenticator key");
            stamps.Invalidate(user.Id);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var account = user.UserName ?? user.Id;
        var label = Uri.EscapeDataString(Issuer) + ":" + Uri.EscapeDataString(account);
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";
        return new AuthenticatorSetup(key!, FormatKey(key!), uri);
    }

    /// <summary>Turns two-factor on once <paramref name="code"/> proves that the app has the key, and returns new recovery codes.</summary>
    public async Task<Result<IReadOnlyList<string>>> EnableAsync(ApplicationUser user, string? code)
    {
        if (!await VerifyCodeAsync(user, code))
        {
            logger.LogWarning("Enabling two-factor for {UserName} rejected: wrong code", user.UserName);
            return InvalidCode();
        }

        Check(await users.SetTwoFactorEnabledAsync(user, true), user, "enabling two-factor");
        var codes = await NewRecoveryCodesAsync(user);
        logger.LogInformation("User {UserName} enabled two-factor authentication", user.UserName);
        return Result<IReadOnlyList<string>>.Success(codes);
    }

    /// <summary>Replaces every recovery code with <see cref="RecoveryCodeCount"/> new ones.</summary>
    public async Task<Result<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(ApplicationUser user)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return Error.Conflict("two_factor.not_enabled", Bilingual.Join("尚未启用两步验证。", "Two-factor authentication is not enabled."));
        }

        var codes = await NewRecoveryCodesAsync(user);
        logger.LogInformation("User {UserName} generated new recovery codes", user.UserName);
        return Result<IReadOnlyList<string>>.Success(codes);
    }

    /// <summary>
    /// Turns two-factor off after checking a current code or the password, and discards the key and the recovery
    /// codes, so that a later enable starts with a new key.
    /// </summary>
    public async Task<Result> DisableAsync(ApplicationUser user, string? codeOrPassword)
    {
        var proven = await VerifyCodeAsync(user, codeOrPassword)
            || (!string.IsNullOrEmpty(codeOrPassword) && await users.CheckPasswordAsync(user, codeOrPassword));
        if (!proven)
        {
            logger.LogWarning("Disabling two-factor for {UserName} rejected: wrong code or password", user.UserName);
            return Error.Validation("two_factor.proof_invalid",
                Bilingual.Join("验证码或密码错误。", "The verification code or password is wrong."), "code");
        }

        Check(await users.SetTwoFactorEnabledAsync(user, false), user, "disabling two-factor");
        Check(await users.ResetAuthenticatorKeyAsync(user), user, "resetting the authenticator key");
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        stamps.Invalidate(user.Id);
        logger.LogInformation("User {UserName} disabled two-factor authentication", user.UserName);
        return Result.Success();
    }

    /// <summary>Checks a 6-digit authenticator code. Spaces and hyphens that users copy along are ignored.</summary>
    public async Task<bool> VerifyCodeAsync(ApplicationUser user, string? code)
    {
        var digits = Normalize(code);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    public static string Normalize(string? code) => (code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);

    /// <summary>Formats a base32 key in groups of four lower-case characters, which are easier to type.</summary>
    public static string FormatKey(string key)
    {
        var builder = new StringBuilder(key.Length + key.Length / 4);
        for (var i = 0; i < key.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(key[i]));
        }

        return builder.ToString();
    }

    private static Error InvalidCode() =>
        Error.Validation("two_factor.code_invalid", SignInMessages.TotpInvalid, "code");

    private async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(ApplicationUser user)
    {
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        stamps.Invalidate(user.Id);
        return codes?.ToList() ?? [];
    }

    private static void Check(IdentityResult result, ApplicationUser user, string step)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{step} for user {user.Id} failed: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }
}
