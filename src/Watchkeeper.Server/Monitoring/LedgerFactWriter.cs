using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Writes what probes learn about a device back into the ledger: stream and snapshot URLs found through ONVIF
/// where the ledger has none, the vendor, model and serial number where they are blank, and the firmware
/// version the device reports.
/// </summary>
public sealed class LedgerFactWriter(IDbContextFactory<WatchkeeperDbContext> dbFactory, DeviceDirectory directory, ILogger<LedgerFactWriter> logger)
{
    private static readonly HashSet<string> LedgerKeys =
    [
        ProbeFacts.DiscoveredRtspUrl, ProbeFacts.DiscoveredSnapshotUrl, ProbeFacts.Manufacturer, ProbeFacts.Model,
        ProbeFacts.SerialNumber, ProbeFacts.FirmwareVersion,
    ];

    public async Task ApplyAsync(IReadOnlyList<ProbeRound> rounds, CancellationToken cancellationToken)
    {
        foreach (var round in rounds)
        {
            if (!round.Outcomes.Any(o => o.Status == ProbeStatus.Reachable && o.Facts.Keys.Any(LedgerKeys.Contains)))
            {
                continue;
            }

            var facts = round.Outcomes.Where(o => o.Status == ProbeStatus.Reachable).SelectMany(o => o.Facts).ToList();
            if (directory.Find(round.DeviceId) is not { } device)
            {
                continue;
            }

            var fact = facts.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
            var update = new LedgerUpdate(
                FillBlank(device.RtspUrl, fact.GetValueOrDefault(ProbeFacts.DiscoveredRtspUrl), Device.MaxUrlLength),
                FillBlank(device.SnapshotUrl, fact.GetValueOrDefault(ProbeFacts.DiscoveredSnapshotUrl), Device.MaxUrlLength),
                FillBlank(device.Vendor, fact.GetValueOrDefault(ProbeFacts.Manufacturer), Device.MaxTextLength),
                FillBlank(device.Model, fact.GetValueOrDefault(ProbeFacts.Model), Device.MaxTextLength),
                FillBlank(device.SerialNumber, fact.GetValueOrDefault(ProbeFacts.SerialNumber), Device.MaxTextLength),
                Replace(device.FirmwareVersion, fact.GetValueOrDefault(ProbeFacts.FirmwareVersion), Device.MaxTextLength));

            if (update.IsEmpty)
            {
                continue;
            }

            try
            {
                await WriteAsync(device.Id, update, cancellationToken);
                await directory.LoadAsync(device.Id, cancellationToken);
                logger.LogInformation("Ledger of device {DeviceId} {DeviceCode} updated from its probe results: {Update}", device.Id, device.Code, update);
            }
            catch (Exception exception) when (exception is DbUpdateException or System.Data.Common.DbException)
            {
                logger.LogWarning(exception, "Writing discovered facts of device {DeviceId} {DeviceCode} to the ledger failed", device.Id, device.Code);
            }
        }
    }

    private async Task WriteAsync(long deviceId, LedgerUpdate update, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (row is null)
        {
            return;
        }

        row.RtspUrl = update.RtspUrl ?? row.RtspUrl;
        row.SnapshotUrl = update.SnapshotUrl ?? row.SnapshotUrl;
        row.Vendor = update.Vendor ?? row.Vendor;
        row.Model = update.Model ?? row.Model;
        row.SerialNumber = update.SerialNumber ?? row.SerialNumber;
        row.FirmwareVersion = update.FirmwareVersion ?? row.FirmwareVersion;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? FillBlank(string? current, string? learned, int maxLength) =>
        string.IsNullOrWhiteSpace(current) && !string.IsNullOrWhiteSpace(learned) && learned.Length <= maxLength ? learned.Trim() : null;

    private static string? Replace(string? current, string? learned, int maxLength) =>
        !string.IsNullOrWhiteSpace(learned) && learned.Length <= maxLength && !string.Equals(current, learned.Trim(), StringComparison.Ordinal) ? learned.Trim() : null;

    private sealed record LedgerUpdate(string? RtspUrl, string? SnapshotUrl, string? Vendor, string? Model, string? SerialNumber, string? FirmwareVersion)
    {
        public bool IsEmpty => RtspUrl is null && SnapshotUrl is null && Vendor is null && Model is null && SerialNumber is null && FirmwareVersion is null;
    }
}
