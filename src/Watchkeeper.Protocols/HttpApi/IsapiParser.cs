using System.Xml.Linq;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>The fields of /ISAPI/System/deviceInfo that operations use.</summary>
public sealed record IsapiDeviceInfo(
    string? DeviceName,
    string? DeviceId,
    string? Model,
    string? SerialNumber,
    string? MacAddress,
    string? FirmwareVersion,
    string? FirmwareReleasedDate,
    string? DeviceType,
    string? Manufacturer)
{
    /// <summary>Returns the facts the probe reports; firmware joins version and build, as engineers quote it.</summary>
    public Dictionary<string, string> ToFacts()
    {
        var facts = new Dictionary<string, string>();
        Add(ProbeFacts.Model, Model);
        Add(ProbeFacts.SerialNumber, SerialNumber);
        Add(ProbeFacts.Manufacturer, Manufacturer);
        Add(ProbeFacts.FirmwareVersion, string.Join(' ', new[] { FirmwareVersion, FirmwareReleasedDate }.OfType<string>()));
        return facts;

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                facts[key] = value;
            }
        }
    }
}

/// <summary>The storage units of /ISAPI/ContentMgmt/Storage and the recorder's storage mode.</summary>
/// <param name="WorkMode">"group" or "quota", as the recorder reports it.</param>
public sealed record IsapiStorage(IReadOnlyList<RecorderDisk> Units, string? WorkMode);

/// <summary>
/// Reads Hikvision ISAPI documents by local element name, since firmware versions use the isapi.org and
/// hikvision.com namespaces in ver10 and ver20 forms, sometimes mixed in one document.
/// </summary>
public static class IsapiParser
{
    /// <summary>HDD and NAS states that mean the unit works; "idle" and "sleeping" are disks spun down.</summary>
    private static readonly HashSet<string> HealthyStates = new(StringComparer.OrdinalIgnoreCase) { "ok", "normal", "idle", "sleeping", "standby" };

    /// <summary>States that mean the slot is configured but no disk is there.</summary>
    private static readonly HashSet<string> MissingStates = new(StringComparer.OrdinalIgnoreCase) { "notexist", "absent" };

    /// <summary>Reads /ISAPI/System/deviceInfo; returns null when the root element is not DeviceInfo.</summary>
    public static IsapiDeviceInfo? ParseDeviceInfo(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name.LocalName != "DeviceInfo")
        {
            return null;
        }

        return new IsapiDeviceInfo(
            root.ChildText("deviceName"),
            root.ChildText("deviceID"),
            root.ChildText("model"),
            root.ChildText("serialNumber"),
            root.ChildText("macAddress"),
            root.ChildText("firmwareVersion"),
            root.ChildText("firmwareReleasedDate"),
            root.ChildText("deviceType"),
            root.ChildText("manufacturer"));
    }

    /// <summary>Reads /ISAPI/ContentMgmt/Storage: every hdd and nas element, wherever it sits.</summary>
    public static IsapiStorage ParseStorage(XDocument document)
    {
        var units = new List<RecorderDisk>();
        foreach (var hdd in document.DescendantsNamed("hdd"))
        {
            var parts = new[] { hdd.ChildText("hddName"), hdd.ChildText("hddType"), hdd.ChildText("property") };
            units.Add(Unit($"HDD {hdd.ChildText("id") ?? "?"}", hdd, parts));
        }

        foreach (var nas in document.DescendantsNamed("nas"))
        {
            var address = nas.ChildText("ipAddress");
            var path = nas.ChildText("path");
            var share = address is null ? path : $"{address}:{path}";
            var parts = new[] { nas.ChildText("nasType"), share, nas.ChildText("property") };
            units.Add(Unit($"NAS {nas.ChildText("id") ?? "?"}", nas, parts));
        }

        return new IsapiStorage(units, document.Root.ChildText("workMode"));
    }

    /// <summary>Reads an ISAPI ResponseStatus error body, e.g. "Invalid Operation (notSupport)"; null when the body is not one.</summary>
    public static string? ParseResponseStatus(XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name.LocalName != "ResponseStatus")
        {
            return null;
        }

        var text = root.ChildText("statusString") ?? $"status code {root.ChildText("statusCode")}";
        var subStatus = root.ChildText("subStatusCode");
        return subStatus is null ? text : $"{text} ({subStatus})";
    }

    private static RecorderDisk Unit(string subject, XElement unit, IEnumerable<string?> parts)
    {
        var status = unit.ChildText("status");
        var condition = status switch
        {
            null => DiskCondition.Abnormal,
            _ when HealthyStates.Contains(status) => DiskCondition.Healthy,
            _ when MissingStates.Contains(status) => DiskCondition.Missing,
            _ => DiskCondition.Abnormal,
        };

        // ISAPI reports capacity and free space in MB.
        var capacity = unit.ChildInteger("capacity");
        var free = unit.ChildInteger("freeSpace");
        var described = parts.OfType<string>().ToList();
        if (capacity is not null || free is not null)
        {
            described.Add($"{RecorderDisk.Megabytes(capacity)}, {RecorderDisk.Megabytes(free)} free");
        }

        return new RecorderDisk(subject, status ?? "(no status)", condition, capacity, free, string.Join(", ", described));
    }
}
