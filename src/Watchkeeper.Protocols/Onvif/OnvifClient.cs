using System.Net;
using System.Xml;
using System.Xml.Linq;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>A SOAP fault (SOAP 1.2 section 5.4, or a SOAP 1.1 faultcode) returned by a device.</summary>
/// <param name="Codes">The local names of the Code and every nested Subcode value, e.g. ["Sender", "NotAuthorized"].</param>
public sealed record SoapFault(IReadOnlyList<string> Codes, string Reason, HttpStatusCode Status)
{
    /// <summary>
    /// True for the faults that mean "these credentials are wrong": ONVIF's ter:NotAuthorized and WS-Security's
    /// wsse:FailedAuthentication. Other security faults (e.g. a token outside the device's time window) do not
    /// count as rejected credentials, because they pass once their cause does.
    /// </summary>
    public bool IsNotAuthorized => Codes.Any(code => code is "NotAuthorized" or "FailedAuthentication");

    public override string ToString() => $"SOAP fault {string.Join("/", Codes)}: {Reason}";
}

/// <summary>The outcome of one SOAP call: the body's first element, a fault, HTTP 401, or a transport failure.</summary>
internal sealed record SoapResult(XElement? Body, SoapFault? Fault, string? Unauthorized, ProbeFailure? Failure)
{
    public static SoapResult Success(XElement body) => new(body, null, null, null);

    public static SoapResult Faulted(SoapFault fault) => new(null, fault, null, null);

    public static SoapResult HttpUnauthorized(string detail) => new(null, null, detail, null);

    public static SoapResult Failed(ProbeFailure failure) => new(null, null, null, failure);

    /// <summary>True when the device rejected the request's credentials, by a SOAP fault or by HTTP 401.</summary>
    public bool IsNotAuthorized => Unauthorized is not null || Fault?.IsNotAuthorized == true;

    /// <summary>Describes a result that is not a success, for notes and details.</summary>
    public string Describe() => Failure?.Detail ?? Unauthorized ?? Fault?.ToString() ?? "success";
}

/// <summary>Sends ONVIF requests as SOAP 1.2 over HTTP POST and classifies what comes back.</summary>
internal sealed class OnvifClient(DeviceHttpClient http)
{
    /// <summary>
    /// Cap on one SOAP response. GetProfiles is the largest the probe reads, a few KB per profile, so this
    /// leaves room for recorders with many channels.
    /// </summary>
    public const int MaxResponseBytes = 1024 * 1024;

    public async Task<SoapResult> CallAsync(Uri service, OnvifRequest request, UsernameToken? token, CancellationToken cancellationToken)
    {
        var message = DeviceHttpClient.XmlRequest(HttpMethod.Post, service, request.ToEnvelope(token), "application/soap+xml", request.Action);
        var result = await http.SendAsync(message, MaxResponseBytes, authenticate: token is not null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return SoapResult.Failed(result.Failure);
        }

        return Classify(result.Response, request.Name);
    }

    internal static SoapResult Classify(DeviceHttpResponse response, string operation)
    {
        XDocument? document = null;
        string? xmlError = null;
        if (response.Body.Length > 0)
        {
            try
            {
                document = DeviceXml.Parse(response.Body);
            }
            catch (XmlException exception)
            {
                xmlError = exception.Message;
            }
        }

        // Devices return faults with 400, 401 or 500, and some with 200, so the body decides first.
        var body = document?.Root?.Child("Body");
        if (body.Child("Fault") is { } fault)
        {
            return SoapResult.Faulted(ParseFault(fault, response.Status));
        }

        if (response.Status == HttpStatusCode.Unauthorized)
        {
            return SoapResult.HttpUnauthorized($"{response.Endpoint}: {operation} returned {response.StatusText}");
        }

        if (!response.IsSuccess)
        {
            return SoapResult.Failed(new ProbeFailure(ProbeReason.UnexpectedStatus,
                $"{response.Endpoint}: {operation} returned {response.StatusText}; check the ONVIF URL (usually http://address/onvif/device_service) and that ONVIF is enabled on the device"));
        }

        if (document is null || document.Root?.Name.LocalName != "Envelope" || body is null)
        {
            var what = xmlError is not null ? $"not XML ({xmlError})" : response.Body.Length == 0 ? "empty" : "XML but not a SOAP envelope";
            return SoapResult.Failed(new ProbeFailure(ProbeReason.ProtocolError, $"{response.Endpoint}: the {operation} response is {what}; check that the URL is the device's ONVIF service"));
        }

        var first = body.Elements().FirstOrDefault();
        return first is null
            ? SoapResult.Failed(new ProbeFailure(ProbeReason.ProtocolError, $"{response.Endpoint}: the {operation} response has an empty SOAP Body"))
            : SoapResult.Success(first);
    }

    /// <summary>Reads SOAP 1.2 Code/Subcode/Value and Reason/Text, or SOAP 1.1 faultcode and faultstring.</summary>
    private static SoapFault ParseFault(XElement fault, HttpStatusCode status)
    {
        var codes = new List<string>();
        for (var code = fault.Child("Code"); code is not null; code = code.Child("Subcode"))
        {
            if (code.ChildText("Value") is { } value)
            {
                codes.Add(LocalPart(value));
            }
        }

        if (fault.ChildText("faultcode") is { } soap11Code)
        {
            codes.Add(LocalPart(soap11Code));
        }

        var reason = fault.Child("Reason").ChildText("Text") ?? fault.ChildText("faultstring") ?? "(no reason given)";
        return new SoapFault(codes, reason, status);

        static string LocalPart(string qualifiedName) => qualifiedName[(qualifiedName.LastIndexOf(':') + 1)..];
    }
}
