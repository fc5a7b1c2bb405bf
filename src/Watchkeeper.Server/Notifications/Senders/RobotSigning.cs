using System.Security.Cryptography;
using System.Text;

namespace Watchkeeper.Server.Notifications.Senders;

/// <summary>The signatures that chat robots and webhook receivers check.</summary>
public static class RobotSigning
{
    /// <summary>
    /// DingTalk custom robot (加签): Base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), timestamp in
    /// milliseconds; the caller URL-encodes it into the <c>sign</c> query parameter. Source: DingTalk open platform,
    /// "自定义机器人安全设置" (mirrored at apifox.com/apidoc/docs-site/467052/doc-3550006).
    /// </summary>
    public static string DingTalk(long timestampMilliseconds, string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes($"{timestampMilliseconds}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }

    /// <summary>
    /// Feishu custom robot (签名校验): Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)), timestamp in
    /// seconds, both sent in the JSON body. Source: Feishu open platform, "自定义机器人使用指南" (quoted with its Python
    /// example at damodev.csdn.net/68230044a5baf817cf4af7cf.html), which signs an empty message with that key.
    /// </summary>
    public static string Feishu(long timestampSeconds, string secret)
    {
        var key = Encoding.UTF8.GetBytes($"{timestampSeconds}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, Array.Empty<byte>()));
    }

    /// <summary>The X-Watchkeeper-Signature header value: "sha256=" and the lowercase hex HMAC-SHA256 of the body bytes.</summary>
    public static string Webhook(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
