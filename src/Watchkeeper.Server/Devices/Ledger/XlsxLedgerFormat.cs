using System.Globalization;
using System.IO.Compression;
using MiniExcelLibs;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>Reads ledger workbooks (.xlsx) with MiniExcel, after checking that the package is sound.</summary>
internal static class XlsxLedgerFormat
{
    /// <summary>The ledger's sheet. An import reads it when present, else the first sheet.</summary>
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
            var records = new LedgerRecords(options);
            foreach (IDictionary<string, object?> row in QuerySheet(stream, options))
            {
                if (!records.TryAdd(ToCells(row.Values)))
                {
                    return LedgerReadOutcome.TooManyRows(options);
                }
            }

            return records.ToOutcome();
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
        {
            // MiniExcel reports a damaged workbook with whatever its XML and zip readers throw (XmlException,
            // InvalidDataException, KeyNotFoundException, NullReferenceException, ...): each means this file cannot be read.
            logger.LogWarning(exception, "A ledger workbook could not be read");
            return LedgerReadOutcome.Failure(Damaged(exception.Message));
        }
    }

    /// <summary>
    /// Enumerates the rows of the ledger sheet as dictionaries keyed by column letter, from row 1, blank rows
    /// included.
    /// </summary>
    /// <remarks>
    /// MiniExcel 1.47.1 gives every row as many cells as the sheet's declared dimension has columns, and a sheet
    /// declared as A1:XFD50 took about a second per row on a 2-core machine. A sheet wider than the column limit
    /// is therefore read only up to one column past the limit, which is enough to report it as too wide.
    /// </remarks>
    private static IEnumerable<dynamic> QuerySheet(MemoryStream stream, LedgerOptions options)
    {
        stream.Position = 0;
        var sheetNames = MiniExcel.GetSheetNames(stream);
        var sheetIndex = Math.Max(0, sheetNames.IndexOf(SheetName));
        var sheetName = sheetNames.Count > 0 ? sheetNames[sheetIndex] : null;

        stream.Position = 0;
        var dimensions = MiniExcel.GetSheetDimensions(stream);
        var width = sheetIndex < dimensions.Count ? dimensions[sheetIndex].Columns.EndIndex : int.MaxValue;

        stream.Position = 0;
        if (width <= options.MaxColumns)
        {
            return MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX);
        }

        // NOTE: cells more than one column past the limit are not read at all.
        var lastCell = ColumnLetters(options.MaxColumns + 1) + LedgerRecords.MaxSheetRows.ToString(CultureInfo.InvariantCulture);
        return MiniExcel.QueryRange(stream, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX, startCell: "A1", endCell: lastCell);
    }

    /// <summary>Returns the spreadsheet letters of a 1-based column number: 1 is A, 27 is AA.</summary>
    private static string ColumnLetters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + (column - 1) % 26) + letters;
        }

        return letters;
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

    /// <summary>Returns the cells as text without trailing blanks, or an empty list for a blank row.</summary>
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
