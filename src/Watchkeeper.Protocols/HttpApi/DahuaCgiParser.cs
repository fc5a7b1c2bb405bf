using System.Globalization;
using System.Text.RegularExpressions;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>One partition of a Dahua storage device (list.info[N].Detail[M]).</summary>
/// <param name="TotalBytes">Size in bytes; Dahua writes it as a float, e.g. "63989415936.000000".</param>
public sealed record DahuaPartition(string? Path, string? Type, bool IsError, double? TotalBytes, double? UsedBytes);

/// <summary>One storage device of getDeviceAllInfo (list.info[N]): a disk or an SD card.</summary>
public sealed record DahuaStorageDevice(int Index, string? Name, string? State, IReadOnlyList<DahuaPartition> Partitions)
{
    /// <summary>States that mean the device works; Dahua reports "Success" for a healthy disk or card.</summary>
    private static readonly HashSet<string> HealthyStates = new(StringComparer.OrdinalIgnoreCase) { "Success", "Normal", "OK", "Sleep", "Sleeping" };

    public RecorderDisk ToDisk()
    {
        var subject = string.IsNullOrEmpty(Name) ? $"Disk {Index + 1}" : Name;
        var inError = Partitions.Where(p => p.IsError).Select(p => p.Path ?? "a partition").ToList();

        // NOTE: only "Success" is seen in captures; the other healthy names are assumptions about other firmware.
        var healthy = State is not null && HealthyStates.Contains(State) && inError.Count == 0;
        var status = State ?? "(no state)";
        if (inError.Count > 0)
        {
            status += $", IsError on {string.Join(", ", inError)}";
        }

        var total = Partitions.Any(p => p.TotalBytes is not null) ? Partitions.Sum(p => p.TotalBytes ?? 0) : (double?)null;
        var used = Partitions.Any(p => p.UsedBytes is not null) ? Partitions.Sum(p => p.UsedBytes ?? 0) : (double?)null;
        long? capacityMegabytes = total is null ? null : ToMegabytes(total.Value);
        long? freeMegabytes = total is null || used is null ? null : ToMegabytes(Math.Max(0, total.Value - used.Value));

        var described = Partitions.Select(p => p.Path).Concat(Partitions.Select(p => p.Type)).OfType<string>().Distinct().ToList();
        if (capacityMegabytes is not null)
        {
            described.Add($"{RecorderDisk.Megabytes(capacityMegabytes)}, {RecorderDisk.Megabytes(freeMegabytes)} free");
        }

        return new RecorderDisk(subject, status, healthy ? DiskCondition.Healthy : DiskCondition.Abnormal, capacityMegabytes, freeMegabytes, string.Join(", ", described));
    }

    private static long ToMegabytes(double bytes) => (long)Math.Round(bytes / (1024 * 1024));
}

/// <summary>
/// Reads the key=value text that Dahua's CGI API returns, e.g. "list.info[0].State=Success" from
/// storageDevice.cgi?action=getDeviceAllInfo.
/// </summary>
public static partial class DahuaCgiParser
{
    /// <summary>Parses one key=value pair per line, splitting at the first '='; other lines are ignored.</summary>
    public static Dictionary<string, string> ParseKeyValues(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            values[line[..separator].Trim()] = line[(separator + 1)..].Trim();
        }

        return values;
    }

    /// <summary>True when a body is Dahua's error reply, e.g. "Error\r\nBad Request!", rather than data.</summary>
    public static bool IsErrorReply(string text) => text.TrimStart().StartsWith("Error", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the first 120 characters of a reply on one line, for a detail.</summary>
    public static string Excerpt(string text)
    {
        const int MaxLength = 120;
        var line = string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxLength ? line : line[..MaxLength] + "...";
    }

    /// <summary>Reads the storage devices of getDeviceAllInfo, in index order.</summary>
    public static IReadOnlyList<DahuaStorageDevice> ParseStorage(IReadOnlyDictionary<string, string> values)
    {
        var devices = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in values)
        {
            var match = StorageKey().Match(key);
            if (!match.Success)
            {
                continue;
            }

            var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
            if (!devices.TryGetValue(index, out var fields))
            {
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                devices[index] = fields;
            }

            fields[match.Groups["field"].Value] = value;
        }

        return devices.Select(pair => ToDevice(pair.Key, pair.Value)).ToList();
    }

    private static DahuaStorageDevice ToDevice(int index, Dictionary<string, string> fields)
    {
        var partitionIndexes = fields.Keys
            .Select(key => PartitionKey().Match(key))
            .Where(match => match.Success)
            .Select(match => int.Parse(match.Groups["partition"].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order();

        var partitions = new List<DahuaPartition>();
        foreach (var partition in partitionIndexes)
        {
            var prefix = $"Detail[{partition.ToString(CultureInfo.InvariantCulture)}].";
            partitions.Add(new DahuaPartition(
                NonEmpty(fields.GetValueOrDefault(prefix + "Path")),
                NonEmpty(fields.GetValueOrDefault(prefix + "Type")),
                string.Equals(fields.GetValueOrDefault(prefix + "IsError"), "true", StringComparison.OrdinalIgnoreCase),
                Number(fields.GetValueOrDefault(prefix + "TotalBytes")),
                Number(fields.GetValueOrDefault(prefix + "UsedBytes"))));
        }

        return new DahuaStorageDevice(index, NonEmpty(fields.GetValueOrDefault("Name")), NonEmpty(fields.GetValueOrDefault("State")), partitions);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Parses a byte count written as a float; null when missing, negative or not a number.</summary>
    private static double? Number(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value) ? value : null;

    [GeneratedRegex(@"^list\.info\[(?<index>\d{1,4})\]\.(?<field>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex StorageKey();

    [GeneratedRegex(@"^Detail\[(?<partition>\d{1,4})\]\.", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionKey();
}
