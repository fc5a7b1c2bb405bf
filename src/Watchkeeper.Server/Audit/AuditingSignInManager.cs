using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Identity;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// The platform's sign-in manager (disabled users rejected), also recording each password check that fails, each lockout it causes and each console
/// sign-in that succeeds. The console sign-in page and the token endpoint both check passwords through it. They
/// record attempts with an unknown user name themselves, and the token endpoint also records each token it issues.
/// </summary>
public sealed class AuditingSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IAuditLog audit)
    : WatchkeeperSignInManager(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        var wasLockedOut = UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user);
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (result.Succeeded)
        {
            return result;
        }

        var auditEvent = wasLockedOut
            ? Failed(user, AuditActions.SignInFailed, "账号处于锁定期。", "The account is locked out.")
            : result.IsLockedOut
                ? Failed(user, AuditActions.Lockout, "连续登录失败次数过多，账号已锁定。", "Too many failed attempts: the account is now locked out.")
                : result.IsNotAllowed
                    ? Failed(user, AuditActions.SignInFailed, "账号不允许登录。", "The account is not allowed to sign in.")
                    : Failed(user, AuditActions.SignInFailed, "密码错误。", "Wrong password.");
        await audit.RecordAsync(auditEvent);
        return result;
    }

    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded)
        {
            await RecordSignInAsync(user);
        }

        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        await RecordSecondFactorAsync(user, result);
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        await RecordSecondFactorAsync(user, result);
        return result;
    }

    /// <summary>Records a successful sign-in of <paramref name="user"/>, who is not yet the request's user.</summary>
    private Task RecordSignInAsync(ApplicationUser user) =>
        audit.RecordAsync(new AuditEvent(AuditActions.SignIn)
        {
            UserId = user.Id,
            UserName = user.UserName,
            EntityType = nameof(ApplicationUser),
            EntityId = user.Id,
        });

    private async Task RecordSecondFactorAsync(ApplicationUser? user, SignInResult result)
    {
        if (user is null)
        {
            return;
        }

        if (result.Succeeded)
        {
            await RecordSignInAsync(user);
            return;
        }

        await audit.RecordAsync(result.IsLockedOut
            ? Failed(user, AuditActions.Lockout, "第二因素验证失败次数过多，账号已锁定。", "Too many failed second-factor codes: the account is now locked out.")
            : Failed(user, AuditActions.SignInFailed, "第二因素验证码错误。", "Wrong second-factor code."));
    }

    private static AuditEvent Failed(ApplicationUser user, string action, string chinese, string english) =>
        new(action, AuditOutcome.Failure)
        {
            UserId = user.Id,
            UserName = user.UserName,
            EntityType = nameof(ApplicationUser),
            EntityId = user.Id,
            Summary = Bilingual.Join(chinese, english),
        };
}
