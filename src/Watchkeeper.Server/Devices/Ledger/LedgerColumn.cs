using Watchkeeper.Core.Devices;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>
/// One column of a ledger file: its Chinese header, its English name (the device field in camelCase, which
/// scripts may use as the header instead) and the hints the template's instruction sheet shows.
/// </summary>
/// <remarks>
/// Columns that map to a single <see cref="Device"/> property are <see cref="DeviceFieldColumn{T}"/>. The
/// organization path, the parent code and the two secrets need the database or the protector and are
/// handled by the importer and the exporter themselves.
/// </remarks>
internal class LedgerColumn(string key, string header, bool required, string chineseHint, string englishHint, string example)
{
    /// <summary>The English header, equal to the field name in camelCase, e.g. <c>ipAddress</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The Chinese header, as written to exports and templates, e.g. <c>IP地址</c>.</summary>
    public string Header { get; } = header;

    public bool Required { get; } = required;

    public string ChineseHint { get; } = chineseHint;

    public string EnglishHint { get; } = englishHint;

    public string Example { get; } = example;

    /// <summary>Parses a cell into <paramref name="target"/> and returns the reason when the text does not parse.</summary>
    /// <param name="text">The trimmed cell text, or null when the cell is blank.</param>
    public virtual FieldError? Read(string? text, Device target) => null;

    /// <summary>Returns the cell text of the device's value, or null for a blank cell.</summary>
    public virtual string? Write(Device device) => null;

    /// <summary>Copies this column's value from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public virtual void Copy(Device source, Device target)
    {
    }

    public virtual bool HasSameValue(Device first, Device second) => true;
}

/// <summary>A column that holds one <see cref="Device"/> property of type <typeparamref name="T"/>.</summary>
internal sealed class DeviceFieldColumn<T>(
    string key,
    string header,
    bool required,
    string chineseHint,
    string englishHint,
    string example,
    Func<Device, T> get,
    Action<Device, T> set,
    LedgerValues.Parser<T> parse,
    Func<T, string?> format,
    T blankValue)
    : LedgerColumn(key, header, required, chineseHint, englishHint, example)
{
    public override FieldError? Read(string? text, Device target)
    {
        if (text is null)
        {
            set(target, blankValue);
            return null;
        }

        var error = parse(this, text, out var value);
        set(target, error is null ? value : blankValue);
        return error;
    }

    public override string? Write(Device device) => format(get(device));

    public override void Copy(Device source, Device target) => set(target, get(source));

    public override bool HasSameValue(Device first, Device second) =>
        EqualityComparer<T>.Default.Equals(get(first), get(second));
}
