using System.Text.RegularExpressions;

namespace Watchkeeper.Server.Tests.Security;

/// <summary>The console's sign-in form as a browser posts it.</summary>
internal static partial class SecurityForms
{
    public static string AntiforgeryTokenOf(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    public static FormUrlEncodedContent SignInForm(string? antiforgeryToken, string password)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "admin",
            ["Input.Password"] = password,
        };
        if (antiforgeryToken is not null)
        {
            fields["__RequestVerificationToken"] = antiforgeryToken;
        }

        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
