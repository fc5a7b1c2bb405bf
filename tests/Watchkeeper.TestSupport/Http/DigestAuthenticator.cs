using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Watchkeeper.TestSupport.Http;

/// <summary>
/// Server side of HTTP Digest authentication (RFC 7616 with MD5 and qop=auth, as Hikvision and Dahua devices
/// send it) for loopback test servers.
/// </summary>
public sealed class DigestAuthenticator(string realm, string userName, string password)
{
    private readonly ConcurrentDictionary<string, byte> _nonces = new();
    private int _challenges;
    private int _rejected;

    /// <summary>How many 401 challenges the server sent.</summary>
    public int Challenges => Volatile.Read(ref _challenges);

    /// <summary>How many requests carried a Digest Authorization header that did not verify.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>
    /// Returns true when the request carries valid Digest credentials; otherwise writes a 401 challenge and
    /// returns false.
    /// </summary>
    public async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            if (Verify(context.Request.Method, ParseParameters(header["Digest ".Length..])))
            {
                return true;
            }

            Interlocked.Increment(ref _rejected);
        }

        Interlocked.Increment(ref _challenges);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _nonces[nonce] = 0;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"Digest realm=\"{realm}\", qop=\"auth\", nonce=\"{nonce}\", algorithm=MD5";
        await context.Response.WriteAsync("Unauthorized", context.RequestAborted);
        return false;
    }

    private bool Verify(string method, Dictionary<string, string> parameters)
    {
        string Get(string name) => parameters.GetValueOrDefault(name) ?? "";

        if (Get("username") != userName || Get("realm") != realm || !_nonces.ContainsKey(Get("nonce")))
        {
            return false;
        }

        var ha1 = Md5($"{userName}:{realm}:{password}");
        var ha2 = Md5($"{method}:{Get("uri")}");
        var expected = Get("qop") == "auth"
            ? Md5($"{ha1}:{Get("nonce")}:{Get("nc")}:{Get("cnonce")}:auth:{ha2}")
            : Md5($"{ha1}:{Get("nonce")}:{ha2}");
        return string.Equals(expected, Get("response"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses name=value and name="value" pairs separated by commas.</summary>
    private static Dictionary<string, string> ParseParameters(string text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && (text[position] == ',' || char.IsWhiteSpace(text[position])))
            {
                position++;
            }

            var equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            var name = text[position..equals].Trim();
            position = equals + 1;
            string value;
            if (position < text.Length && text[position] == '"')
            {
                var end = text.IndexOf('"', position + 1);
                end = end < 0 ? text.Length : end;
                value = text[(position + 1)..end];
                position = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', position);
                end = end < 0 ? text.Length : end;
                value = text[position..end].Trim();
                position = end;
            }

            parameters[name] = value;
        }

        return parameters;
    }

    private static string Md5(string text) =>
        Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
