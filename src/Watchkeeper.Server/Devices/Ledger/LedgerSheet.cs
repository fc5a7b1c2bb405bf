namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>One row of a ledger file as text, before any column is interpreted.</summary>
/// <param name="Number">The row as a spreadsheet numbers it: the first row of the file is row 1.</param>
/// <param name="Cells">The cells from the first column on. A null or missing cell is blank.</param>
internal sealed record LedgerSheetRow(int Number, IReadOnlyList<string?> Cells)
{
    public string? Cell(int index) => index < Cells.Count ? Cells[index] : null;
}

/// <summary>The header and the non-blank rows of a ledger file, read from CSV or .xlsx.</summary>
internal sealed record LedgerSheet(LedgerSheetRow Header, IReadOnlyList<LedgerSheetRow> Rows);

/// <summary>A ledger sheet, or the reason the file could not be read as one.</summary>
internal sealed record LedgerReadOutcome(LedgerSheet? Sheet, LedgerImportError? Error)
{
    public static LedgerReadOutcome Failure(LedgerImportError error) => new(null, error);

    public static LedgerReadOutcome TooManyRows(LedgerOptions options) =>
        Failure(LedgerImportError.ForFile("ledger.file.too_many_rows",
            $"文件行数超过上限：设备数据最多 {options.MaxRows} 行，连同空行最多 {LedgerRecords.MaxSheetRows} 行。请分成几个文件导入。",
            $"The file has too many rows: at most {options.MaxRows} device rows and {LedgerRecords.MaxSheetRows} rows with blank ones. Split it into several files."));

    /// <summary>
    /// Takes the first non-blank record as the header and the non-blank records after it as rows, numbered by
    /// their place in <paramref name="records"/>, where a blank record is an empty list. Title rows above the
    /// header, as many Chinese ledgers have, are skipped.
    /// </summary>
    public static LedgerReadOutcome From(IReadOnlyList<IReadOnlyList<string?>> records, LedgerOptions options)
    {
        var headerIndex = -1;
        var rows = new List<LedgerSheetRow>();
        var width = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            width = Math.Max(width, UsedWidth(records[i]));
            if (headerIndex < 0)
            {
                if (!IsTitle(records[i]))
                {
                    headerIndex = i;
                }

                continue;
            }

            rows.Add(new LedgerSheetRow(i + 1, records[i]));
        }

        if (headerIndex < 0)
        {
            return Failure(LedgerImportError.ForFile("ledger.file.empty",
                "文件中没有表头行。请从下载的模板开始填写。", "The file has no header row; start from the downloaded template."));
        }

        if (width > options.MaxColumns)
        {
            return Failure(LedgerImportError.ForFile("ledger.file.too_many_columns",
                $"文件有 {width} 列，超过上限 {options.MaxColumns} 列。", $"The file has {width} columns, more than the limit of {options.MaxColumns}."));
        }

        if (rows.Count > options.MaxRows)
        {
            return TooManyRows(options);
        }

        return new LedgerReadOutcome(new LedgerSheet(new LedgerSheetRow(headerIndex + 1, records[headerIndex]), rows), null);
    }

    /// <summary>Returns true for a row with one filled cell that is no column name, such as 某市视频监控设备台账.</summary>
    private static bool IsTitle(IReadOnlyList<string?> cells)
    {
        var filled = cells.Where(c => !string.IsNullOrWhiteSpace(c)).Take(2).ToList();
        return filled.Count == 1 && LedgerColumns.FindByHeader(filled[0]!) is null;
    }

    private static int UsedWidth(IReadOnlyList<string?> cells)
    {
        var last = cells.Count - 1;
        while (last >= 0 && string.IsNullOrWhiteSpace(cells[last]))
        {
            last--;
        }

        return last + 1;
    }
}

/// <summary>Collects a file's records as a reader produces them and stops it at the row limits.</summary>
internal sealed class LedgerRecords(LedgerOptions options)
{
    /// <summary>Rows in an Excel worksheet since Excel 2007. A longer file, blank rows included, is not a real ledger.</summary>
    public const int MaxSheetRows = 1_048_576;

    private readonly List<IReadOnlyList<string?>> _records = [];
    private int _nonBlank;

    /// <summary>Adds a record (empty for a blank row) and returns false once the file has more rows than allowed.</summary>
    public bool TryAdd(IReadOnlyList<string?> cells)
    {
        var blank = cells.All(string.IsNullOrWhiteSpace);
        _records.Add(blank ? [] : cells);
        if (!blank)
        {
            _nonBlank++;
        }

        // One non-blank record is the header.
        return _nonBlank <= options.MaxRows + 1 && _records.Count <= MaxSheetRows;
    }

    public LedgerReadOutcome ToOutcome() => LedgerReadOutcome.From(_records, options);
}

