using System.Xml;
using System.Xml.Linq;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Parses MANSCDP bodies into typed messages. Never throws for bad input: a body that cannot be read is an
/// <see cref="Error"/> naming the device (when its DeviceID could be read) and the byte position.
/// </summary>
/// <remarks>
/// A body whose only damage sits inside free-text fields (Name, Address, ...) is repaired: those fields are
/// left blank and listed in <see cref="ManscdpMessage.Diagnostics"/>. Element names are matched without
/// regard to case. Unknown command types become <see cref="UnknownManscdpMessage"/>.
/// </remarks>
public static class ManscdpParser
{
    /// <summary>Items (catalog, record or alarm input entries) above this count in one body are rejected.</summary>
    public const int MaxItems = 10_000;

    public static Result<ManscdpMessage> Parse(ReadOnlySpan<byte> body)
    {
        var decoded = ManscdpDecoder.Decode(body);
        return decoded.IsSuccess ? Parse(decoded.Value) : Result<ManscdpMessage>.Failure(decoded.Errors);
    }

    public static Result<ManscdpMessage> Parse(DecodedBody body)
    {
        var diagnostics = new List<ManscdpDiagnostic>();
        var loaded = Load(body, diagnostics);
        if (!loaded.IsSuccess)
        {
            return Result<ManscdpMessage>.Failure(loaded.Errors);
        }

        var root = loaded.Value.Root!;
        var header = ReadHeader(root, diagnostics);
        if (!header.IsSuccess)
        {
            return Result<ManscdpMessage>.Failure(header.Errors);
        }

        var itemCount = root.Descendants().Count(e => e.IsNamed("Item"));
        if (itemCount > MaxItems)
        {
            return ManscdpErrors.TooManyItems(header.Value.DeviceId, itemCount, MaxItems);
        }

        return ManscdpMessageReader.Read(root, header.Value);
    }

    // Loads the document, repairing damaged free-text fields when the text has undecodable bytes or does
    // not parse as it is.
    private static Result<XDocument> Load(DecodedBody body, List<ManscdpDiagnostic> diagnostics)
    {
        var text = body.Text;
        var document = text.Contains(ManscdpRepair.Replacement) ? null : ManscdpXml.TryLoad(text, out _);
        if (document is not null)
        {
            return document;
        }

        var repaired = ManscdpRepair.BlankDamagedFields(body, diagnostics);
        var remaining = repaired.IndexOf(ManscdpRepair.Replacement);
        if (remaining >= 0)
        {
            var field = ManscdpRepair.EnclosingElement(repaired, remaining);
            return ManscdpErrors.InvalidBytes(ManscdpRepair.EnvelopeDeviceId(text), field, body.ByteOffsetOf(remaining));
        }

        document = ManscdpXml.TryLoad(repaired, out var error);
        if (document is null)
        {
            return InvalidXml(body, repaired, error!);
        }

        return document;
    }

    private static Error InvalidXml(DecodedBody body, string text, XmlException error)
    {
        var index = ManscdpRepair.IndexOf(text, error.LineNumber, error.LinePosition);
        var reason = error.Message;
        var lineSuffix = reason.LastIndexOf(" Line ", StringComparison.Ordinal);
        if (lineSuffix > 0)
        {
            reason = reason[..lineSuffix];
        }

        return ManscdpErrors.InvalidXml(
            ManscdpRepair.EnvelopeDeviceId(body.Text), body.ByteOffsetOf(index), error.LineNumber, error.LinePosition, reason);
    }

    private static Result<ManscdpHeader> ReadHeader(XElement root, List<ManscdpDiagnostic> diagnostics)
    {
        var deviceId = root.Text("DeviceID");
        if (!Enum.TryParse<ManscdpRoot>(root.Name.LocalName, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return ManscdpErrors.UnknownRoot(deviceId, root.Name.LocalName);
        }

        var cmdType = root.Text("CmdType");
        if (cmdType is null)
        {
            return ManscdpErrors.MissingField(deviceId, "CmdType");
        }

        if (deviceId is null)
        {
            return ManscdpErrors.MissingField(null, "DeviceID");
        }

        var snText = root.Text("SN");
        var sn = root.LongInteger("SN");
        if (sn is null)
        {
            // A keepalive proves the device alive even without a usable SN; every other body is matched by it.
            if (!string.Equals(cmdType, "Keepalive", StringComparison.OrdinalIgnoreCase))
            {
                return snText is null ? ManscdpErrors.MissingField(deviceId, "SN") : ManscdpErrors.InvalidField(deviceId, "SN", snText);
            }

            diagnostics.Add(new ManscdpDiagnostic("SN", null, null, snText is null ? "missing" : $"not a number: {snText}"));
        }

        return new ManscdpHeader(kind, cmdType, sn ?? 0, deviceId, diagnostics);
    }
}

/// <summary>The fields every MANSCDP body carries, read before the command-specific ones.</summary>
internal sealed record ManscdpHeader(ManscdpRoot Root, string CmdType, long Sn, string DeviceId, List<ManscdpDiagnostic> Diagnostics);
