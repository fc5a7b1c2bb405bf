using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Notifications;

/// <summary>Checks channel URLs and hides the tokens they carry from users and logs.</summary>
public static class ChannelUrls
{
    /// <summary>Returns an error unless the URL is an absolute http or https URL with a host.</summary>
    public static IReadOnlyList<Error> Validate(string? url, string field, string? shown = null)
    {
        if (Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            return [];
        }

        return [NotificationErrors.SettingInvalid(field, Shorten(shown ?? url ?? ""),
            "须为 http:// 或 https:// 开头的完整地址。", "it must be a complete URL starting with http:// or https://.")];
    }

    /// <summary>Returns the URL with user information and every query value replaced by the mask, e.g. …/send?access_token=******.</summary>
    public static string Mask(string url) => Mask(url, maskLastSegment: false);

    /// <summary>Like <see cref="Mask(string)"/>, and also masks the last path segment, where Feishu puts the robot's token.</summary>
    public static string MaskWithPathToken(string url) => Mask(url, maskLastSegment: true);

    /// <summary>Returns scheme, host and port only, for logs.</summary>
    public static string ForLog(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(invalid URL)";

    private static string Mask(string url, bool maskLastSegment)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url;
        }

        var path = uri.AbsolutePath;
        if (maskLastSegment && path.LastIndexOf('/') is var slash and > 0 && slash < path.Length - 1)
        {
            path = path[..(slash + 1)] + ChannelSettings.Mask;
        }

        var query = uri.Query.TrimStart('?');
        var maskedQuery = query.Length == 0
            ? ""
            : "?" + string.Join('&', query.Split('&').Select(pair => pair.Split('=', 2)[0] + "=" + ChannelSettings.Mask));
        return uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", "", StringComparison.Ordinal) + path + maskedQuery;
    }

    private static string Shorten(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
