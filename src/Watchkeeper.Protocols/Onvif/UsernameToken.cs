using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>
/// A WS-Security UsernameToken with a password digest (OASIS Username Token Profile 1.0), the authentication
/// ONVIF requires of every device: Base64(SHA-1(nonce + created + password)).
/// </summary>
public sealed class UsernameToken
{
    private UsernameToken(string userName, byte[] nonce, string created, string passwordDigest)
    {
        UserName = userName;
        Nonce = nonce;
        Created = created;
        PasswordDigest = passwordDigest;
    }

    public string UserName { get; }

    public byte[] Nonce { get; }

    /// <summary>The creation time as sent, UTC in xs:dateTime form with milliseconds, e.g. 2024-05-17T06:05:03.120Z.</summary>
    public string Created { get; }

    public string PasswordDigest { get; }

    /// <summary>
    /// Creates a token whose Created time is <paramref name="deviceNow"/>: devices reject tokens created too
    /// far from their own clock, so the caller passes the device's time, not the platform's.
    /// </summary>
    public static UsernameToken Create(string userName, string password, DateTimeOffset deviceNow)
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        var created = deviceNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new UsernameToken(userName, nonce, created, ComputeDigest(nonce, created, password));
    }

    /// <summary>Computes Base64(SHA-1(nonce + UTF-8(created) + UTF-8(password))).</summary>
    public static string ComputeDigest(byte[] nonce, string created, string password)
    {
        var createdBytes = Encoding.UTF8.GetBytes(created);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input, 0);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
        return Convert.ToBase64String(SHA1.HashData(input));
    }

    /// <summary>Builds the wsse:Security header element.</summary>
    public XElement ToSecurityHeader()
    {
        var wsse = OnvifNamespaces.Security;
        return new XElement(wsse + "Security",
            new XAttribute(XNamespace.Xmlns + "wsse", wsse),
            new XAttribute(XNamespace.Xmlns + "wsu", OnvifNamespaces.Utility),
            new XAttribute(OnvifNamespaces.Soap + "mustUnderstand", "1"),
            new XElement(wsse + "UsernameToken",
                new XElement(wsse + "Username", UserName),
                new XElement(wsse + "Password", new XAttribute("Type", OnvifNamespaces.PasswordDigestType), PasswordDigest),
                new XElement(wsse + "Nonce", new XAttribute("EncodingType", OnvifNamespaces.Base64EncodingType), Convert.ToBase64String(Nonce)),
                new XElement(OnvifNamespaces.Utility + "Created", Created)));
    }
}
