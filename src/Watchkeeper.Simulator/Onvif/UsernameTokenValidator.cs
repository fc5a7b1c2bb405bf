using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Devices;

namespace Watchkeeper.Simulator.Onvif;

/// <summary>
/// Checks the WS-Security UsernameToken (OASIS UsernameToken Profile 1.0) of an ONVIF request against the device
/// account, with the Created time compared to the device's own clock, as ONVIF devices do.
/// </summary>
internal static class UsernameTokenValidator
{
    /// <summary>
    /// How far Created may be from the device clock.
    /// NOTE: chosen for the simulator; the ONVIF Core specification leaves the window to the device.
    /// </summary>
    public static readonly TimeSpan CreatedTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Returns null when the token is valid, or the reason it is not (for logs, never for the client).</summary>
    public static string? Validate(XElement? header, DeviceAccount account, DeviceClock clock)
    {
        var token = header?.Element(OnvifNamespaces.Security + "Security")?.Element(OnvifNamespaces.Security + "UsernameToken");
        if (token is null)
        {
            return "no WS-Security UsernameToken";
        }

        var userName = token.Element(OnvifNamespaces.Security + "Username")?.Value;
        var password = token.Element(OnvifNamespaces.Security + "Password");
        if (userName is null || password is null)
        {
            return "UsernameToken without Username or Password";
        }

        if (userName != account.UserName)
        {
            return "unknown user name";
        }

        var type = password.Attribute("Type")?.Value ?? OnvifNamespaces.PasswordTextType;
        if (type == OnvifNamespaces.PasswordTextType)
        {
            return FixedTimeEquals(password.Value, account.Password) ? null : "wrong password (PasswordText)";
        }

        if (type != OnvifNamespaces.PasswordDigestType)
        {
            return $"unknown password type '{type}'";
        }

        return ValidateDigest(token, password.Value, account, clock);
    }

    private static string? ValidateDigest(XElement token, string digest, DeviceAccount account, DeviceClock clock)
    {
        var nonceText = token.Element(OnvifNamespaces.Security + "Nonce")?.Value;
        var created = token.Element(OnvifNamespaces.SecurityUtility + "Created")?.Value
            ?? token.Element(OnvifNamespaces.Security + "Created")?.Value;
        if (nonceText is null || created is null)
        {
            return "PasswordDigest without Nonce or Created";
        }

        byte[] nonce;
        try
        {
            nonce = Convert.FromBase64String(nonceText.Trim());
        }
        catch (FormatException)
        {
            return "Nonce is not Base64";
        }

        if (!DateTimeOffset.TryParse(created.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdTime))
        {
            return $"Created '{created}' is not a dateTime";
        }

        var deviceNow = clock.UtcNow;
        if ((createdTime - deviceNow).Duration() > CreatedTolerance)
        {
            return $"Created {createdTime:O} is more than {CreatedTolerance.TotalMinutes} minutes from the device clock {deviceNow:O}";
        }

        // PasswordDigest = Base64(SHA-1(nonce + created + password)), with Created exactly as sent.
        var input = nonce.Concat(Encoding.UTF8.GetBytes(created)).Concat(Encoding.UTF8.GetBytes(account.Password)).ToArray();
        var expected = Convert.ToBase64String(SHA1.HashData(input));
        return FixedTimeEquals(digest.Trim(), expected) ? null : "wrong password (PasswordDigest)";
    }

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));
}
