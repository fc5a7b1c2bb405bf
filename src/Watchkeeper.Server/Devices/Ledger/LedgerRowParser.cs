using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>The columns a file has, with where each sits and how its header is written.</summary>
internal sealed class LedgerHeader
{
    private readonly Dictionary<LedgerColumn, (int Index, string Text)> _columns = [];
    private readonly HashSet<int> _indexes = [];

    public IEnumerable<(LedgerColumn Column, int Index)> Columns => _columns.Select(c => (c.Key, c.Value.Index));

    public int? IndexOf(LedgerColumn column) => _columns.TryGetValue(column, out var found) ? found.Index : null;

    /// <summary>Returns true when the cell position belongs to a known column.</summary>
    public bool Maps(int index) => _indexes.Contains(index);

    public bool Has(LedgerColumn column) => _columns.ContainsKey(column);

    /// <summary>Returns the header as the file writes it, or the Chinese header when the file lacks the column.</summary>
    public string TextOf(LedgerColumn column) => _columns.TryGetValue(column, out var found) ? found.Text : column.Header;

    internal bool TryAdd(LedgerColumn column, int index, string text) => _columns.TryAdd(column, (index, text)) && _indexes.Add(index);
}

/// <summary>One device row of the file, parsed but not yet checked against the ledger or the other rows.</summary>
internal sealed class LedgerRowDraft
{
    public required int Row { get; init; }

    /// <summary>The values of the columns the file has. The other properties keep their defaults.</summary>
    public required Device Device { get; init; }

    public IReadOnlyList<string> OrganizationNames { get; set; } = [];

    public string? ParentCode { get; set; }

    /// <summary>The password as written, or null for a blank cell, which keeps the stored one.</summary>
    public string? Password { get; set; }

    public string? SnmpCommunity { get; set; }

    /// <summary>False when the kind cell did not parse, so that parent rules are not checked against a guess.</summary>
    public bool HasKind { get; set; } = true;
}

/// <summary>Turns the header and rows of a ledger file into drafts, collecting every problem with its row and column.</summary>
internal sealed class LedgerRowParser(LedgerErrorList errors)
{
    /// <summary>Longest organization path accepted in one cell.</summary>
    private const int MaxOrganizationPathLength = 1_000;

    private readonly HashSet<int> _reportedUnnamedColumns = [];

    public LedgerHeader? ReadHeader(LedgerSheetRow header)
    {
        var result = new LedgerHeader();
        var problems = errors.Count;
        for (var index = 0; index < header.Cells.Count; index++)
        {
            var text = header.Cells[index]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var column = LedgerColumns.FindByHeader(text);
            if (column is null)
            {
                errors.Add(header.Number, text, "ledger.header.unknown",
                    $"未知的列“{text}”。请使用模板中的列名（中文或英文字段名），或删除该列。",
                    $"Unknown column '{text}'. Use the template's column names (Chinese, or the English field names), or delete the column.");
            }
            else if (!result.TryAdd(column, index, text))
            {
                errors.Add(header.Number, text, "ledger.header.duplicate",
                    $"列“{text}”（{column.Key}）出现了不止一次。", $"Column '{text}' ({column.Key}) appears more than once.");
            }
        }

        foreach (var column in LedgerColumns.All.Where(c => c.Required && !result.Has(c)))
        {
            errors.Add(header.Number, column.Header, "ledger.header.missing",
                $"缺少必填列“{column.Header}”（{column.Key}）。", $"Required column '{column.Header}' ({column.Key}) is missing.");
        }

        return errors.Count == problems ? result : null;
    }

    public LedgerRowDraft ReadRow(LedgerSheetRow row, LedgerHeader header)
    {
        var draft = new LedgerRowDraft { Row = row.Number, Device = new Device { Code = "", Name = "" } };
        foreach (var (column, index) in header.Columns)
        {
            var raw = row.Cell(index);
            if (column == LedgerColumns.Password || column == LedgerColumns.SnmpCommunity)
            {
                ReadSecret(draft, column, raw, header);
                continue;
            }

            var text = Clean(raw);
            if (text is null && column.Required)
            {
                errors.Add(row.Number, header.TextOf(column), $"device.{column.Key}.missing",
                    $"{column.Header}不能为空。", $"{column.Key} is required.");
                draft.HasKind &= column != LedgerColumns.Kind;
                continue;
            }

            if (column == LedgerColumns.Organization)
            {
                draft.OrganizationNames = ReadOrganizationPath(row.Number, header.TextOf(column), text!);
            }
            else if (column == LedgerColumns.ParentCode)
            {
                draft.ParentCode = text;
            }
            else if (column.Read(text, draft.Device) is { } error)
            {
                errors.Add(row.Number, header.TextOf(column), error);
                draft.HasKind &= column != LedgerColumns.Kind;
            }
        }

        // Runs before the format rules, so that its clearer reason is the one kept for the cell.
        CheckGbIdStoredAsNumber(row, header);
        foreach (var error in DeviceRules.CheckFormats(draft.Device))
        {
            if (LedgerColumns.FindByField(error.Field) is { } column && header.Has(column))
            {
                errors.Add(row.Number, header.TextOf(column), error);
            }
        }

        CheckUnnamedColumns(row, header);
        return draft;
    }

    /// <summary>
    /// Explains a GB/T 28181 ID that Excel turned into a number such as 3.402E+19: Excel keeps 15 significant
    /// digits, so the last ones are already lost and must be typed again into a text cell.
    /// </summary>
    private void CheckGbIdStoredAsNumber(LedgerSheetRow row, LedgerHeader header)
    {
        var column = LedgerColumns.GbId;
        var text = header.IndexOf(column) is { } index ? row.Cell(index)?.Trim() : null;
        if (text is null || !text.Contains('E', StringComparison.OrdinalIgnoreCase)
            || !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return;
        }

        errors.Add(row.Number, header.TextOf(column), "ledger.gbId.number",
            $"国标编码“{text}”被 Excel 存成了数字，后几位已经丢失。请把该列设为文本格式，再重新输入 20 位编码。",
            $"Excel stored the GB/T 28181 ID '{text}' as a number and lost its last digits. Format the column as text and type the 20-digit ID again.");
    }

    /// <summary>Reports, once per column, data in a column whose header cell is blank, instead of dropping it.</summary>
    private void CheckUnnamedColumns(LedgerSheetRow row, LedgerHeader header)
    {
        for (var index = 0; index < row.Cells.Count; index++)
        {
            if (!header.Maps(index) && !string.IsNullOrWhiteSpace(row.Cells[index]) && _reportedUnnamedColumns.Add(index))
            {
                errors.Add(row.Number, null, "ledger.header.blank",
                    $"第 {index + 1} 列没有列名，但本行在该列有数据。请补上列名或删除该列。",
                    $"Column {index + 1} has no header but this row has data in it. Add the header or delete the column.");
            }
        }
    }

    /// <summary>
    /// Trims a cell and removes the quote that an export puts before text starting with a formula character.
    /// Returns null for a blank cell.
    /// </summary>
    private static string? Clean(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return null;
        }

        var text = LedgerValues.UnescapeFormula(cell.Trim()).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Keeps a secret exactly as written, spaces included. A blank cell keeps the stored secret.</summary>
    private void ReadSecret(LedgerRowDraft draft, LedgerColumn column, string? raw, LedgerHeader header)
    {
        var secret = string.IsNullOrWhiteSpace(raw) ? null : raw;
        if (DeviceRules.CheckLength(column.Key, secret, Device.MaxTextLength, column.Header) is { } tooLong)
        {
            errors.Add(draft.Row, header.TextOf(column), tooLong);
            return;
        }

        if (column == LedgerColumns.Password)
        {
            draft.Password = secret;
        }
        else
        {
            draft.SnmpCommunity = secret;
        }
    }

    private IReadOnlyList<string> ReadOrganizationPath(int row, string columnText, string path)
    {
        if (path.Length > MaxOrganizationPathLength)
        {
            errors.Add(row, columnText, "ledger.organization.too_long",
                $"组织路径超过 {MaxOrganizationPathLength} 个字符。", $"The organization path is longer than {MaxOrganizationPathLength} characters.");
            return [];
        }

        var names = OrganizationTree.SplitPath(path);
        if (names.Count == 0)
        {
            errors.Add(row, columnText, "ledger.organization.invalid",
                $"组织路径“{path}”中没有组织名称，应写成 某市公安局/城区分局 这样的形式。",
                $"Organization path '{path}' names no organization; write it as 某市公安局/城区分局.");
            return [];
        }

        foreach (var name in names)
        {
            if (OrganizationService.ValidateName(name) is { } invalid)
            {
                errors.Add(new LedgerImportError(row, columnText, invalid.Code, invalid.Message));
                return [];
            }
        }

        return names;
    }
}
