using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices.Ledger;

namespace Watchkeeper.Server.Reports;

public sealed record FirmwareVersionCount(string Version, int DeviceCount);

/// <summary>A device of a model on another firmware version than the model's most common one.</summary>
public sealed record FirmwareOutlier(long DeviceId, string Code, string Name, long OrganizationId, string Version);

/// <summary>
/// One vendor and model: its firmware versions with their device counts, most common first. MixedVersions is set when the
/// model runs more than one version; Outliers lists the devices that are not on the most common one.
/// </summary>
public sealed record FirmwareModelView(string Vendor, string Model, int DeviceCount, IReadOnlyList<FirmwareVersionCount> Versions, bool MixedVersions,
    string MostCommonVersion, IReadOnlyList<FirmwareOutlier> Outliers);

/// <summary>
/// The firmware version report over the device ledger in the caller's organization scope. Devices without a model or a
/// firmware version are left out, because they cannot be compared.
/// </summary>
public sealed class FirmwareVersionReport(WatchkeeperDbContext db)
{
    private static readonly string[] s_headers =
    [
        "厂商 / Vendor", "型号 / Model", "固件版本 / Firmware version", "设备编码 / Device code", "设备名称 / Device name",
        "主流版本 / Most common version", "非主流 / Not on most common", "该型号版本数 / Versions of the model",
    ];

    public async Task<IReadOnlyList<FirmwareModelView>> GetAsync(CancellationToken cancellationToken)
    {
        var devices = await db.Devices.AsNoTracking()
            .Where(d => d.Model != null && d.Model != "" && d.FirmwareVersion != null && d.FirmwareVersion != "")
            .Select(d => new { d.Id, d.Code, d.Name, d.OrganizationId, d.Vendor, d.Model, d.FirmwareVersion }).ToListAsync(cancellationToken);
        return [.. devices
            .GroupBy(d => (Vendor: d.Vendor?.Trim() ?? "", Model: d.Model!.Trim()))
            .Select(model =>
            {
                // Most devices first; between equal counts the later version in ordinal order, usually the newer one.
                var versions = model.GroupBy(d => d.FirmwareVersion!.Trim()).Select(v => new FirmwareVersionCount(v.Key, v.Count()))
                    .OrderByDescending(v => v.DeviceCount).ThenByDescending(v => v.Version, StringComparer.Ordinal).ToList();
                var common = versions[0].Version;
                var outliers = model.Where(d => d.FirmwareVersion!.Trim() != common).OrderBy(d => d.Code, StringComparer.Ordinal)
                    .Select(d => new FirmwareOutlier(d.Id, d.Code, d.Name, d.OrganizationId, d.FirmwareVersion!.Trim())).ToList();
                return new FirmwareModelView(model.Key.Vendor, model.Key.Model, model.Count(), versions, versions.Count > 1, common, outliers);
            })
            .OrderByDescending(m => m.MixedVersions).ThenBy(m => m.Vendor, StringComparer.Ordinal).ThenBy(m => m.Model, StringComparer.Ordinal)];
    }

    /// <summary>Writes the report as CSV (UTF-8 with BOM, so Excel opens the Chinese text): one row per device, outliers marked.</summary>
    public async Task<byte[]> ExportCsvAsync(CancellationToken cancellationToken)
    {
        var models = await GetAsync(cancellationToken);
        var devices = await db.Devices.AsNoTracking()
            .Where(d => d.Model != null && d.Model != "" && d.FirmwareVersion != null && d.FirmwareVersion != "")
            .Select(d => new { d.Code, d.Name, d.Vendor, d.Model, d.FirmwareVersion }).ToListAsync(cancellationToken);
        var byModel = models.ToDictionary(m => (m.Vendor, m.Model));
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, CsvLedgerFormat.ExportEncoding, leaveOpen: true))
        {
            CsvLedgerFormat.WriteRecord(writer, s_headers);
            foreach (var device in devices.OrderBy(d => d.Vendor, StringComparer.Ordinal).ThenBy(d => d.Model, StringComparer.Ordinal)
                         .ThenBy(d => d.Code, StringComparer.Ordinal))
            {
                var model = byModel[(device.Vendor?.Trim() ?? "", device.Model!.Trim())];
                var version = device.FirmwareVersion!.Trim();
                string?[] cells =
                [
                    model.Vendor, model.Model, version, device.Code, device.Name, model.MostCommonVersion, version == model.MostCommonVersion ? "" : "是 / yes",
                    model.Versions.Count.ToString(CultureInfo.InvariantCulture),
                ];

                // A device name starting with = or + must not run as a spreadsheet formula.
                CsvLedgerFormat.WriteRecord(writer, cells.Select(LedgerValues.EscapeFormula));
            }
        }

        return buffer.ToArray();
    }
}
