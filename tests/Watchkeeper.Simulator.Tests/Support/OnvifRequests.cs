using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Watchkeeper.Simulator.Tests.Support;

/// <summary>
/// SOAP 1.2 requests as ONVIF clients write them, with a WS-Security UsernameToken whose PasswordDigest is
/// Base64(SHA-1(nonce + created + password)) per the OASIS UsernameToken Profile 1.0.
/// </summary>
internal static class OnvifRequests
{
    public const string DeviceNamespace = "http://www.onvif.org/ver10/device/wsdl";
    public const string MediaNamespace = "http://www.onvif.org/ver10/media/wsdl";

    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Schema = "http://www.onvif.org/ver10/schema";

    public static string Unauthenticated(string operation, string serviceNamespace, string content = "") =>
        $"""<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><{operation} xmlns="{serviceNamespace}">{content}</{operation}></s:Body></s:Envelope>""";

    public static string Authenticated(string operation, string serviceNamespace, string userName, string password, DateTimeOffset created, string content = "")
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        var createdText = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var digest = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(createdText), .. Encoding.UTF8.GetBytes(password)]));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">
              <s:Header>
                <wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
                  <wsse:UsernameToken>
                    <wsse:Username>{userName}</wsse:Username>
                    <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">{digest}</wsse:Password>
                    <wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">{Convert.ToBase64String(nonce)}</wsse:Nonce>
                    <wsu:Created>{createdText}</wsu:Created>
                  </wsse:UsernameToken>
                </wsse:Security>
              </s:Header>
              <s:Body><{operation} xmlns="{serviceNamespace}">{content}</{operation}></s:Body>
            </s:Envelope>
            """;
    }

    /// <summary>POSTs <paramref name="envelope"/> with curl; returns the HTTP status and the parsed response.</summary>
    public static async Task<(int Status, XDocument Document)> PostAsync(string url, string envelope)
    {
        var result = await DebianTool.RunAsync(
            "curl",
            "curl",
            ["-s", "-H", "Content-Type: application/soap+xml; charset=utf-8", "--data-binary", "@-", "-w", "\n%{http_code}", url],
            standardInput: envelope);
        result.ExitCode.ShouldBe(0, result.ToString());

        var split = result.Output.LastIndexOf('\n');
        var status = int.Parse(result.Output[(split + 1)..], CultureInfo.InvariantCulture);
        return (status, XDocument.Parse(result.Output[..split]));
    }

    /// <summary>Returns the ONVIF subcode values of a SOAP fault, e.g. ["ter:NotAuthorized"].</summary>
    public static IReadOnlyList<string> FaultSubcodes(XDocument document) =>
        document.Descendants(Soap + "Subcode").Select(subcode => subcode.Element(Soap + "Value")!.Value).ToList();
}
