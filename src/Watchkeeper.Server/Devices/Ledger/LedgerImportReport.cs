using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>One problem found in a ledger file.</summary>
/// <param name="Row">The row as a spreadsheet numbers it (the header is row 1), or null for the file as a whole.</param>
/// <param name="Column">The column's header as written in the file, or null when the problem is not in one cell.</param>
/// <param name="Code">Stable machine-readable code, e.g. <c>device.ipAddress.invalid</c>.</param>
/// <param name="Message">The reason, Simplified Chinese first and English beside it.</param>
public sealed record LedgerImportError(int? Row, string? Column, string Code, string Message)
{
    internal static LedgerImportError ForFile(string code, string chinese, string english) =>
        new(null, null, code, Bilingual.Join(chinese, english));

    internal static LedgerImportError ForCell(int row, string? column, string code, string chinese, string english) =>
        new(row, column, code, Bilingual.Join(chinese, english));
}

/// <summary>
/// What an import did, or why it wrote nothing. An import applies every row or none: when
/// <see cref="Errors"/> is not empty, the ledger is as it was before.
/// </summary>
public sealed record LedgerImportReport
{
    /// <summary>Maximum errors listed in one report. <see cref="ErrorCount"/> still counts them all.</summary>
    public const int MaxListedErrors = 2_000;

    public required string FileName { get; init; }

    public bool Succeeded => ErrorCount == 0;

    /// <summary>Device rows read from the file, blank rows not counted.</summary>
    public int RowCount { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    /// <summary>Rows whose device already held the same values.</summary>
    public int Unchanged { get; init; }

    public int OrganizationsCreated { get; init; }

    public long DurationMilliseconds { get; init; }

    /// <summary>The problems, in row order, at most <see cref="MaxListedErrors"/> of them.</summary>
    public IReadOnlyList<LedgerImportError> Errors { get; init; } = [];

    public int ErrorCount { get; init; }

    /// <summary>Rows with at least one error.</summary>
    public int BadRowCount { get; init; }

    /// <summary>A one-line summary for the user, Chinese first.</summary>
    public string Summary => Succeeded
        ? Bilingual.Join(
            $"导入成功：新增 {Created} 台，更新 {Updated} 台，未变 {Unchanged} 台，新建组织 {OrganizationsCreated} 个。",
            $"Import succeeded: {Created} created, {Updated} updated, {Unchanged} unchanged, {OrganizationsCreated} organizations created.")
        : BadRowCount > 0
            ? Bilingual.Join(
                $"导入失败：{BadRowCount} 行共 {ErrorCount} 处错误，未写入任何数据。请改正后重新导入整个文件。",
                $"Import failed: {ErrorCount} errors in {BadRowCount} rows; nothing was written. Fix them and import the whole file again.")
            : Bilingual.Join("导入失败，未写入任何数据。", "Import failed; nothing was written.");
}
