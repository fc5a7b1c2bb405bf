using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Identity;

/// <summary>The bilingual texts of sign-in failures that the API returns.</summary>
public static class SignInMessages
{
    public static string InvalidCredentials { get; } =
        Bilingual.Join("用户名或密码错误。", "Wrong user name or password.");

    public static string Disabled { get; } =
        Bilingual.Join("该账号已被管理员停用，请联系管理员。", "This account was disabled by an administrator; contact your administrator.");

    public static string TotpRequired { get; } =
        Bilingual.Join("该账号已启用两步验证，请在 totp 字段提供身份验证器应用中的 6 位验证码。",
            "This account uses two-factor authentication; send the 6-digit code of the authenticator app in the totp field.");

    public static string TotpInvalid { get; } =
        Bilingual.Join("验证码无效或已过期。", "The verification code is invalid or expired.");

    public static string LockedOut(TimeSpan remaining) =>
        Bilingual.Join($"登录失败次数过多，账号已锁定，请 {MinutesOf(remaining)} 分钟后再试。",
            $"Too many failed attempts; the account is locked, try again in {MinutesOf(remaining)} minutes.");

    /// <summary>Returns the whole minutes left, rounded up, and at least 1, so that a message never reads "0 minutes".</summary>
    public static int MinutesOf(TimeSpan remaining) => Math.Max(1, (int)Math.Ceiling(remaining.TotalMinutes));

    /// <summary>Returns how long the account stays locked, or the configured lockout time when the end is unknown.</summary>
    public static TimeSpan RemainingLockout(ApplicationUser user, TimeProvider time, AccountOptions options) =>
        user.LockoutEnd is { } end && end > time.GetUtcNow()
            ? end - time.GetUtcNow()
            : TimeSpan.FromMinutes(options.Lockout.Minutes);
}
