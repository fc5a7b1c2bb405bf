using Microsoft.AspNetCore.Identity;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Identity.Users;

/// <summary>Turns ASP.NET Core Identity's English-only errors into bilingual ones that name the fix.</summary>
public static class IdentityErrors
{
    public static Error ToError(IdentityError error, string? userName = null) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => Password(error, "密码太短，至少 8 个字符。", "The password is too short; use at least 8 characters."),
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => Password(error, "密码须包含数字。", "The password needs a digit."),
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => Password(error, "密码须包含小写字母。", "The password needs a lower-case letter."),
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => Password(error, "密码须包含大写字母。", "The password needs an upper-case letter."),
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => Password(error, "密码须包含符号。", "The password needs a symbol."),
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => Password(error, "密码中不同的字符太少。", "The password has too few distinct characters."),
        nameof(IdentityErrorDescriber.DuplicateUserName) => Error.Conflict("user.name.duplicate", Bilingual.Join(
            $"用户名“{userName}”已被使用，请换一个。", $"User name '{userName}' is taken; choose another."), "userName"),
        nameof(IdentityErrorDescriber.InvalidUserName) => Error.Validation("user.name.invalid", Bilingual.Join(
            $"用户名“{userName}”无效：只能用字母、数字和 . _ @ -。", $"User name '{userName}' is invalid: use letters, digits and . _ @ - only."), "userName"),
        nameof(IdentityErrorDescriber.InvalidEmail) => Error.Validation("user.email.invalid", Bilingual.Join(
            "电子邮箱格式无效。", "The e-mail address is not valid."), "contacts.email"),
        _ => Error.Validation("user.identity." + error.Code, Bilingual.Join("账号操作失败：" + error.Description, "The account change failed: " + error.Description)),
    };

    private static Error Password(IdentityError error, string chinese, string english) =>
        Error.Validation("user.password." + error.Code, Bilingual.Join(chinese, english), "password");
}
