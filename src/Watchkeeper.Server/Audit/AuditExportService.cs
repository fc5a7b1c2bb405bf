using System.Globalization;
using MiniExcelLibs;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Devices.Ledger;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Writes audit entries as .csv (UTF-8 with BOM, so Excel opens the Chinese text) or .xlsx, newest first, into a
/// temporary file that is deleted when the returned stream closes. The export is itself recorded in the audit log.
/// </summary>
public sealed class AuditExportService(AuditQueries queries, IAuditLog audit, TimeProvider time)
{
    /// <summary>Most entries one export writes; a larger selection is rejected so that the file stays bounded.</summary>
    public const int MaxRows = 100_000;

    private static readonly string[] Headers =
    [
        "编号 / Id", "时间 (UTC) / Time (UTC)", "用户编号 / User id", "用户名 / User name", "渠道 / Channel", "来源地址 / Remote address",
        "操作 / Action", "对象类型 / Entity type", "对象编号 / Entity id", "摘要 / Summary", "修改前 / Before", "修改后 / After",
        "结果 / Outcome", "上一条哈希 / Previous hash", "哈希 / Hash",
    ];

    public static string ContentTypeOf(LedgerFormat format) => LedgerExportService.ContentTypeOf(format);

    public string FileNameOf(LedgerFormat format) =>
        $"审计日志_{time.GetUtcNow():yyyyMMdd_HHmmss}.{(format == LedgerFormat.Xlsx ? "xlsx" : "csv")}";

    /// <summary>Writes the entries the filter selects and returns the file, positioned at its start, and the row count.</summary>
    public async Task<(Stream File, int Rows)> ExportAsync(LedgerFormat format, AuditFilter filter, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"watchkeeper-audit-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var rowCount = format == LedgerFormat.Xlsx
                ? await WriteWorkbookAsync(queries.StreamAsync(filter, MaxRows, cancellationToken), file, cancellationToken)
                : await WriteCsvAsync(queries.StreamAsync(filter, MaxRows, cancellationToken), file, cancellationToken);

            await audit.RecordAsync(new AuditEvent(AuditActions.Export)
            {
                EntityType = nameof(AuditEntry),
                Summary = Bilingual.Join($"导出审计日志 {rowCount} 条。", $"Audit log exported: {rowCount} entries."),
                After = new { format = format.ToString().ToLowerInvariant(), filter, rowCount },
            }, cancellationToken);

            file.Position = 0;
            return (file, rowCount);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static string?[] CellsOf(AuditEntry entry) =>
    [
        entry.Id.ToString(CultureInfo.InvariantCulture),
        entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        entry.UserId, entry.UserName, entry.Channel.ToString(), entry.RemoteAddress, entry.Action, entry.EntityType, entry.EntityId,
        entry.Summary, entry.Before, entry.After, entry.Outcome.ToString(), entry.PreviousHash, entry.Hash,
    ];

    /// <summary>Writes the rows as they stream from the database, so memory stays bounded.</summary>
    private static async Task<int> WriteCsvAsync(IAsyncEnumerable<AuditEntry> entries, Stream file, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(file, CsvLedgerFormat.ExportEncoding, bufferSize: 64 * 1024, leaveOpen: true);
        CsvLedgerFormat.WriteRecord(writer, Headers);
        var count = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            // A user name or summary starting with = or + must not run as a spreadsheet formula.
            CsvLedgerFormat.WriteRecord(writer, CellsOf(entry).Select(LedgerValues.EscapeFormula));
            count++;
        }

        return count;
    }

    /// <summary>Collects the rows first, at most <see cref="MaxRows"/>, because MiniExcel writes from a synchronous sequence.</summary>
    private static async Task<int> WriteWorkbookAsync(IAsyncEnumerable<AuditEntry> entries, Stream file, CancellationToken cancellationToken)
    {
        var sheet = new List<Dictionary<string, object?>>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var cells = CellsOf(entry);
            var record = new Dictionary<string, object?>(Headers.Length);
            for (var i = 0; i < Headers.Length; i++)
            {
                record[Headers[i]] = LedgerValues.EscapeFormula(cells[i]);
            }

            sheet.Add(record);
        }

        MiniExcel.SaveAs(file, sheet, sheetName: "审计日志", excelType: ExcelType.XLSX);
        return sheet.Count;
    }
}
