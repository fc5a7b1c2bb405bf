using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Onvif;

/// <summary>
/// The ONVIF device and media services of a simulated camera over SOAP 1.2. Operations outside the PRE_AUTH access
/// class of the ONVIF Core Specification need a WS-Security UsernameToken. A missing or wrong token gets the
/// NotAuthorized fault with HTTP 400, as cameras respond.
/// </summary>
/// <remarks>NOTE: HTTP Digest authentication, which ONVIF allows as an alternative, is not offered here.</remarks>
internal sealed partial class OnvifService(OnvifDevice device, string deviceCode, ILogger logger)
{
    private static readonly HashSet<string> PreAuthOperations =
        ["GetSystemDateAndTime", "GetCapabilities", "GetServices", "GetServiceCapabilities", "GetWsdlUrl"];

    public MessageResponse Handle(MessageRequest request)
    {
        var document = SoapEnvelope.TryParse(request.Body);
        var envelope = document?.Root;
        if (envelope is null)
        {
            return SoapEnvelope.Fault(SoapFault.NotWellFormed);
        }

        if (envelope.Name != OnvifNamespaces.Soap + "Envelope")
        {
            return SoapEnvelope.Fault(envelope.Name.LocalName == "Envelope" ? SoapFault.VersionMismatch : SoapFault.NotWellFormed);
        }

        var operation = envelope.Element(OnvifNamespaces.Soap + "Body")?.Elements().FirstOrDefault();
        if (operation is null)
        {
            return SoapEnvelope.Fault(SoapFault.NotWellFormed);
        }

        var name = operation.Name.LocalName;
        if (!PreAuthOperations.Contains(name))
        {
            var rejection = UsernameTokenValidator.Validate(envelope.Element(OnvifNamespaces.Soap + "Header"), device.Account, device.Clock);
            if (rejection is not null)
            {
                LogNotAuthorized(logger, deviceCode, name, rejection);
                return SoapEnvelope.Fault(SoapFault.NotAuthorized);
            }
        }

        return Dispatch(operation);
    }

    private MessageResponse Dispatch(XElement operation)
    {
        var name = operation.Name.LocalName;
        if (operation.Name.Namespace == OnvifNamespaces.Device)
        {
            return name switch
            {
                "GetSystemDateAndTime" => SoapEnvelope.Response(OnvifMessages.SystemDateAndTime(device)),
                "GetDeviceInformation" => SoapEnvelope.Response(OnvifMessages.DeviceInformation(device)),
                "GetCapabilities" => Capabilities(operation),
                "GetServices" => SoapEnvelope.Response(OnvifMessages.Services(device)),
                _ => SoapEnvelope.Fault(SoapFault.ActionNotSupported(name)),
            };
        }

        if (operation.Name.Namespace == OnvifNamespaces.Media)
        {
            return name switch
            {
                "GetProfiles" => SoapEnvelope.Response(OnvifMessages.Profiles(device)),
                "GetStreamUri" => StreamUri(operation),
                "GetSnapshotUri" => SnapshotUri(operation),
                _ => SoapEnvelope.Fault(SoapFault.ActionNotSupported(name)),
            };
        }

        return SoapEnvelope.Fault(SoapFault.ActionNotSupported($"{{{operation.Name.NamespaceName}}}{name}"));
    }

    private MessageResponse Capabilities(XElement operation)
    {
        var categories = operation.Elements(OnvifNamespaces.Device + "Category").Select(category => category.Value.Trim()).ToList();
        var all = categories.Count == 0 || categories.Contains("All");
        var includeDevice = all || categories.Contains("Device");
        var includeMedia = all || categories.Contains("Media");
        if (!includeDevice && !includeMedia)
        {
            return SoapEnvelope.Fault(new SoapFault(SoapFaultCode.Receiver, ["ActionNotSupported", "NoSuchService"],
                $"The device does not offer the {string.Join(", ", categories)} service"));
        }

        return SoapEnvelope.Response(OnvifMessages.Capabilities(device, includeDevice, includeMedia));
    }

    private MessageResponse StreamUri(XElement operation)
    {
        var profile = FindProfile(operation);
        if (profile is null)
        {
            return NoProfile(operation);
        }

        var stream = operation.Element(OnvifNamespaces.Media + "StreamSetup")?.Element(OnvifNamespaces.Schema + "Stream")?.Value.Trim();
        if (stream is not null && stream != "RTP-Unicast")
        {
            return SoapEnvelope.Fault(SoapFault.InvalidArgument("InvalidStreamSetup", $"Stream type {stream} is not supported; use RTP-Unicast"));
        }

        return SoapEnvelope.Response(OnvifMessages.StreamUri(profile.StreamUrl));
    }

    private MessageResponse SnapshotUri(XElement operation)
    {
        var profile = FindProfile(operation);
        return profile is null
            ? NoProfile(operation)
            : SoapEnvelope.Response(OnvifMessages.SnapshotUri(device.SnapshotUrl));
    }

    private OnvifProfile? FindProfile(XElement operation)
    {
        var token = operation.Element(OnvifNamespaces.Media + "ProfileToken")?.Value.Trim();
        return device.Profiles.FirstOrDefault(profile => profile.Token == token);
    }

    private static MessageResponse NoProfile(XElement operation)
    {
        var token = operation.Element(OnvifNamespaces.Media + "ProfileToken")?.Value.Trim();
        return SoapEnvelope.Fault(SoapFault.InvalidArgument("NoProfile", $"Profile token '{token}' does not exist"));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceCode} ONVIF {Operation} not authorized: {Reason}")]
    private static partial void LogNotAuthorized(ILogger logger, string deviceCode, string operation, string reason);
}
