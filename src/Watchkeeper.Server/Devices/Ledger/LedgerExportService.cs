using System.Data;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Devices.Ledger;

public enum LedgerFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// Writes the ledger, or an empty template, as .xlsx or .csv with the columns an import reads, so that an
/// exported file can be edited and imported again. Passwords and SNMP communities are never written.
/// </summary>
/// <remarks>Each export opens its own database context, so the service is safe to keep in a Blazor circuit.</remarks>
public sealed class LedgerExportService(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations, IAuditLog audit, TimeProvider time)
{
    public static string ContentTypeOf(LedgerFormat format) => format == LedgerFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";

    /// <summary>Returns a download name such as 设备台账_20261204.xlsx, dated in UTC.</summary>
    public string FileNameOf(LedgerFormat format, bool template)
    {
        var extension = format == LedgerFormat.Xlsx ? "xlsx" : "csv";
        return template ? $"设备台账导入模板.{extension}" : $"设备台账_{time.GetUtcNow():yyyyMMdd}.{extension}";
    }

    /// <summary>Writes the devices that <paramref name="filter"/> selects (all when null) ordered by code, and returns how many.</summary>
    public async Task<int> ExportAsync(LedgerFormat format, DeviceFilter? filter, Stream destination, CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = await Select(db, filter, tree).OrderBy(d => d.Code).ToListAsync(cancellationToken);
        var parentCodes = await db.Devices.AsNoTracking()
            .Where(p => db.Devices.Any(c => c.ParentId == p.Id))
            .Select(p => new { p.Id, p.Code })
            .ToDictionaryAsync(p => p.Id, p => p.Code, cancellationToken);

        var rows = devices.Select(device => LedgerColumns.All.Select(column => LedgerValues.EscapeFormula(CellOf(column, device, tree, parentCodes))).ToArray());
        await WriteAsync(format, rows, destination, cancellationToken);
        await audit.RecordAsync(AuditEvent.LedgerExported(format.ToString(), filter, devices.Count), cancellationToken);
        return devices.Count;
    }

    /// <summary>Writes the header row alone and, in .xlsx, a sheet that explains each column.</summary>
    public Task WriteTemplateAsync(LedgerFormat format, Stream destination, CancellationToken cancellationToken) =>
        WriteAsync(format, [], destination, cancellationToken);

    private static IQueryable<Device> Select(WatchkeeperDbContext db, DeviceFilter? filter, OrganizationTree tree)
    {
        var devices = db.Devices.AsNoTracking();
        if (filter is null)
        {
            return devices;
        }

        devices = DeviceQueries.Filter(devices, filter, tree);
        if (filter.State is { } state)
        {
            devices = state == HealthState.Unknown
                ? devices.Where(d => !db.DeviceHealth.Any(h => h.DeviceId == d.Id && h.State != HealthState.Unknown))
                : devices.Where(d => db.DeviceHealth.Any(h => h.DeviceId == d.Id && h.State == state));
        }

        return devices;
    }

    private static string? CellOf(LedgerColumn column, Device device, OrganizationTree tree, Dictionary<long, string> parentCodes)
    {
        if (column == LedgerColumns.Organization)
        {
            return tree.PathOf(device.OrganizationId);
        }

        if (column == LedgerColumns.ParentCode)
        {
            return device.ParentId is { } parentId ? parentCodes.GetValueOrDefault(parentId) : null;
        }

        // The password and community columns write nothing: their base Write returns null.
        return column.Write(device);
    }

    private static async Task WriteAsync(LedgerFormat format, IEnumerable<string?[]> rows, Stream destination, CancellationToken cancellationToken)
    {
        // Both writers work on a buffer, because MiniExcel writes synchronously and a response stream accepts only asynchronous writes.
        using var buffer = new MemoryStream();
        if (format == LedgerFormat.Xlsx)
        {
            WriteWorkbook(rows, buffer);
        }
        else
        {
            WriteCsv(rows, buffer);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken);
    }

    private static void WriteCsv(IEnumerable<string?[]> rows, Stream buffer)
    {
        using var writer = new StreamWriter(buffer, CsvLedgerFormat.ExportEncoding, leaveOpen: true);
        CsvLedgerFormat.WriteRecord(writer, LedgerColumns.All.Select(c => c.Header));
        foreach (var row in rows)
        {
            CsvLedgerFormat.WriteRecord(writer, row);
        }
    }

    private static void WriteWorkbook(IEnumerable<string?[]> rows, Stream buffer)
    {
        var ledger = new DataTable(XlsxLedgerFormat.SheetName);
        foreach (var column in LedgerColumns.All)
        {
            ledger.Columns.Add(column.Header, typeof(string));
        }

        foreach (var row in rows)
        {
            ledger.Rows.Add(row.Cast<object?>().Select(cell => cell ?? (object)DBNull.Value).ToArray());
        }

        var sheets = new Dictionary<string, object>
        {
            [XlsxLedgerFormat.SheetName] = ledger,
            [XlsxLedgerFormat.InstructionsSheetName] = Instructions(),
        };
        MiniExcel.SaveAs(buffer, sheets, excelType: ExcelType.XLSX);
    }

    private static List<Dictionary<string, object?>> Instructions() => LedgerColumns.All
        .Select(column => new Dictionary<string, object?>
        {
            ["列名"] = column.Header,
            ["英文列名 / Field"] = column.Key,
            ["必填 / Required"] = column.Required ? "是 / yes" : "",
            ["说明"] = column.ChineseHint,
            ["Description"] = column.EnglishHint,
            ["示例 / Example"] = column.Example,
        })
        .ToList();
}
