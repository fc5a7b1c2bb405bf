namespace Watchkeeper.Server.Identity.Users;

/// <summary>How to reach a user; notifications use these.</summary>
public sealed record UserContacts(string? Mobile, string? Email, string? DingTalkId, string? WeComId, string? FeishuId);

/// <summary>Create or update a user. On update a null list leaves the roles or organizations as they are.</summary>
public sealed record UserInput(string? UserName, string? DisplayName, string? Password, IReadOnlyList<string>? Roles,
    IReadOnlyList<long>? OrganizationIds, UserContacts? Contacts);

public sealed record ResetPasswordInput(string? Password, bool MustChangePassword = true);

/// <summary>A user as the API and console show it: never a password hash, stamp or authenticator key.</summary>
public sealed record UserView(
    string Id,
    string UserName,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<long> OrganizationIds,
    UserContacts Contacts,
    bool IsDisabled,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? LockedOutUntil,
    bool TwoFactorEnabled,
    bool MustChangePassword,
    DateTimeOffset CreatedAt);

public sealed record UserPage(IReadOnlyList<UserView> Items, int Total, int Page, int PageSize);

/// <summary>The result of a password reset; <see cref="GeneratedPassword"/> is shown once and never stored in clear.</summary>
public sealed record PasswordResetView(string UserId, string? GeneratedPassword, bool MustChangePassword);
