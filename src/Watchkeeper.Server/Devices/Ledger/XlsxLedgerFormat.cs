using System.Globalization;
using System.IO.Compression;
using MiniExcelLibs;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>Reads ledger workbooks (.xlsx) with MiniExcel, after checking that the package is sound.</summary>
internal static class XlsxLedgerFormat
{
    /// <summary>The ledger's sheet; an import reads it when present, else the first sheet.</summary>
    public const string SheetName = "设备台账";

    public const string InstructionsSheetName = "填写说明";

    /// <summary>Excel keeps 15 significant digits, so a larger number in a cell has already lost digits.</summary>
    private const double ExactIntegerLimit = 1e15;

    public static LedgerReadOutcome Read(byte[] content, LedgerOptions options, ILogger logger)
    {
        using var stream = new MemoryStream(content, writable: false);
        if (CheckPackage(stream, options) is { } packageError)
        {
            return LedgerReadOutcome.Failure(packageError);
        }

        try
        {
            stream.Position = 0;
            var sheetNames = MiniExcel.GetSheetNames(stream);
            var sheetName = sheetNames.Contains(SheetName) ? SheetName : sheetNames.FirstOrDefault();
            stream.Position = 0;

            var records = new List<IReadOnlyList<string?>>();
            var nonBlankRecords = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX))
            {
                var cells = ToCells(row.Values);
                records.Add(cells);
                if (cells.Count > 0 && ++nonBlankRecords > options.MaxRows + 1)
                {
                    return LedgerReadOutcome.TooManyRows(options);
                }
            }

            return LedgerReadOutcome.From(records, options);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
        {
            // MiniExcel reports a damaged workbook with whatever its XML and zip readers throw (XmlException,
            // InvalidDataException, KeyNotFoundException, NullReferenceException, ...): each means this file cannot be read.
            logger.LogWarning(exception, "A ledger workbook could not be read");
            return LedgerReadOutcome.Failure(Damaged(exception.Message));
        }
    }

    /// <summary>Checks that the file is a zip package holding a workbook, and that it does not unpack into too much data.</summary>
    private static LedgerImportError? CheckPackage(Stream stream, LedgerOptions options)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                return LedgerImportError.ForFile("ledger.xlsx.not_workbook",
                    "文件是 zip 压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）。",
                    "The file is a zip archive but not an Excel workbook (xl/workbook.xml is missing).");
            }

            var unpacked = zip.Entries.Sum(e => e.Length);
            if (unpacked > options.MaxUnpackedXlsxBytes)
            {
                return LedgerImportError.ForFile("ledger.xlsx.too_large",
                    $"工作簿解压后有 {unpacked / (1024 * 1024)} MB，超过上限 {options.MaxUnpackedXlsxBytes / (1024 * 1024)} MB。",
                    $"The workbook unpacks to {unpacked / (1024 * 1024)} MB, more than the limit of {options.MaxUnpackedXlsxBytes / (1024 * 1024)} MB.");
            }

            return null;
        }
        catch (InvalidDataException exception)
        {
            return Damaged(exception.Message);
        }
    }

    private static LedgerImportError Damaged(string detail) =>
        LedgerImportError.ForFile("ledger.xlsx.damaged",
            $"无法读取 Excel 文件：文件已损坏、不完整或不是 .xlsx 格式（{detail}）。请在 Excel 中重新保存为 .xlsx 后再导入。",
            $"The Excel file cannot be read: it is damaged, incomplete or not in .xlsx format ({detail}). Save it again as .xlsx in Excel and retry.");

    /// <summary>Returns the cells as text without trailing blanks; an empty list is a blank row.</summary>
    private static IReadOnlyList<string?> ToCells(ICollection<object?> values)
    {
        var cells = values.Select(CellText).ToList();
        var last = cells.FindLastIndex(c => !string.IsNullOrWhiteSpace(c));
        if (last < 0)
        {
            return [];
        }

        cells.RemoveRange(last + 1, cells.Count - last - 1);
        return cells;
    }

    private static string? CellText(object? value) => value switch
    {
        null => null,
        string text => text,
        double number when number == Math.Floor(number) && Math.Abs(number) < ExactIntegerLimit => number.ToString("0", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTime date when date.TimeOfDay == TimeSpan.Zero => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime date => date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
