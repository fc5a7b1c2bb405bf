using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>The problems found in one import, at most one per cell, for the report.</summary>
internal sealed class LedgerErrorList
{
    private readonly List<LedgerImportError> _errors = [];
    private readonly HashSet<(int? Row, string? Column)> _cells = [];
    private readonly HashSet<int> _rows = [];

    public int Count => _errors.Count;

    public int BadRowCount => _rows.Count;

    public void Add(LedgerImportError error)
    {
        if (error.Column is not null && !_cells.Add((error.Row, error.Column)))
        {
            return;
        }

        _errors.Add(error);
        if (error.Row is { } row)
        {
            _rows.Add(row);
        }
    }

    public void Add(int row, string? column, string code, string chinese, string english) =>
        Add(LedgerImportError.ForCell(row, column, code, chinese, english));

    public void Add(int row, string? column, FieldError error) =>
        Add(new LedgerImportError(row, column, error.Code, Bilingual.Join(error.Chinese, error.English)));

    /// <summary>Returns the errors in row order (file-level ones first), at most <paramref name="limit"/> of them.</summary>
    public IReadOnlyList<LedgerImportError> ToList(int limit) =>
        _errors.OrderBy(e => e.Row ?? 0).Take(limit).ToList();
}
