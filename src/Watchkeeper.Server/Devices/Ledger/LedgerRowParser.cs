using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>The columns a file has, with where each sits and how its header is written.</summary>
internal sealed class LedgerHeader
{
    private readonly Dictionary<LedgerColumn, (int Index, string Text)> _columns = [];

    public IEnumerable<(LedgerColumn Column, int Index)> Columns => _columns.Select(c => (c.Key, c.Value.Index));

    public bool Has(LedgerColumn column) => _columns.ContainsKey(column);

    /// <summary>Returns the header as the file writes it, or the Chinese header when the file lacks the column.</summary>
    public string TextOf(LedgerColumn column) => _columns.TryGetValue(column, out var found) ? found.Text : column.Header;

    internal bool TryAdd(LedgerColumn column, int index, string text) => _columns.TryAdd(column, (index, text));
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

        foreach (var error in DeviceRules.CheckFormats(draft.Device))
        {
            if (LedgerColumns.FindByField(error.Field) is { } column && header.Has(column))
            {
                errors.Add(row.Number, header.TextOf(column), error);
            }
        }

        return draft;
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
