using System.Text.RegularExpressions;

namespace Watchkeeper.Protocols.Common;

/// <summary>Masks the passwords that device URLs carry, so that a URL can appear in a detail or a log.</summary>
public static partial class UrlSecrets
{
    // Cameras take passwords in user information (rtsp://user:password@host) and in key=value pairs of the
    // path or query, as in Xiongmai's rtsp://host/user=admin&password=x&channel=1 and Dahua's loginpas=x.
    [GeneratedRegex(@"(?<=[?&;/])((?:password|passwd|pwd|pass|passwort|loginpas|psw)=)[^&;/?#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPair();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/?#@]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInformation();

    /// <summary>Returns <paramref name="url"/> without user information and with password values replaced by "***".</summary>
    public static string Mask(string url)
    {
        var withoutUser = UserInformation().Replace(url, "$1");
        return PasswordPair().Replace(withoutUser, "$1***");
    }
}
