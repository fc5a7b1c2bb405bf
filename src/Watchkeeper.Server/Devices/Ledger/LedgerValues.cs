using System.Globalization;
using Watchkeeper.Core.Devices;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>
/// Text forms of ledger values in a spreadsheet cell: device kinds, yes/no, dates and whole numbers, and the
/// quote that keeps a spreadsheet from running a cell as a formula.
/// </summary>
internal static class LedgerValues
{
    /// <summary>Parses non-blank cell text and returns the reason when it does not parse.</summary>
    public delegate FieldError? Parser<T>(LedgerColumn column, string text, out T value);

    /// <summary>First characters that make Excel, LibreOffice and WPS treat a cell as a formula (OWASP, "CSV Injection").</summary>
    private static readonly char[] FormulaTriggers = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly Dictionary<DeviceKind, string> KindNames = new()
    {
        [DeviceKind.Camera] = "摄像机",
        [DeviceKind.Recorder] = "录像机",
        [DeviceKind.Encoder] = "编码器",
        [DeviceKind.Switch] = "交换机",
        [DeviceKind.Server] = "服务器",
        [DeviceKind.Storage] = "存储",
        [DeviceKind.Channel] = "通道",
        [DeviceKind.AlarmInput] = "报警输入",
    };

    private static readonly Dictionary<string, DeviceKind> KindAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["网络摄像机"] = DeviceKind.Camera,
        ["硬盘录像机"] = DeviceKind.Recorder,
        ["网络录像机"] = DeviceKind.Recorder,
        ["NVR"] = DeviceKind.Recorder,
        ["DVR"] = DeviceKind.Recorder,
        ["视频编码器"] = DeviceKind.Encoder,
        ["视频通道"] = DeviceKind.Channel,
    };

    private static readonly Dictionary<string, bool> BooleanNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["是"] = true,
        ["否"] = false,
        ["启用"] = true,
        ["停用"] = false,
        ["true"] = true,
        ["false"] = false,
        ["yes"] = true,
        ["no"] = false,
        ["y"] = true,
        ["n"] = false,
        ["1"] = true,
        ["0"] = false,
    };

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    public static string KindName(DeviceKind kind) => KindNames[kind];

    public static FieldError? ParseKind(LedgerColumn column, string text, out DeviceKind value)
    {
        foreach (var (kind, name) in KindNames)
        {
            if (text == name)
            {
                value = kind;
                return null;
            }
        }

        if (KindAliases.TryGetValue(text, out value))
        {
            return null;
        }

        foreach (var kind in Enum.GetValues<DeviceKind>())
        {
            if (string.Equals(text, kind.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                value = kind;
                return null;
            }
        }

        return new FieldError(column.Key, "ledger.kind.invalid",
            $"设备类型“{text}”无效，可选：{string.Join("、", KindNames.Values)}（也可写 NVR、DVR 或英文名）。",
            $"Device kind '{text}' is invalid; use Camera, Recorder, Encoder, Switch, Server, Storage, Channel or AlarmInput, or the Chinese name.");
    }

    public static string FormatBoolean(bool value) => value ? "是" : "否";

    public static FieldError? ParseBoolean(LedgerColumn column, string text, out bool value) =>
        BooleanNames.TryGetValue(text, out value)
            ? null
            : new FieldError(column.Key, "ledger.boolean.invalid",
                $"{column.Header}“{text}”无效，应填“是”或“否”。",
                $"{column.Key} '{text}' is invalid; use yes or no (是/否).");

    public static string? FormatDate(DateOnly? value) =>
        value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static FieldError? ParseDate(LedgerColumn column, string text, out DateOnly? value)
    {
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = date;
            return null;
        }

        value = null;
        return new FieldError(column.Key, "ledger.date.invalid",
            $"{column.Header}“{text}”不是有效日期，应写成 2024-05-01 这样的格式。",
            $"{column.Key} '{text}' is not a valid date; write it as 2024-05-01.");
    }

    public static string? FormatInteger(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static FieldError? ParseInteger(LedgerColumn column, string text, out int? value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return null;
        }

        value = null;
        return new FieldError(column.Key, "ledger.number.invalid",
            $"{column.Header}“{text}”不是整数。",
            $"{column.Key} '{text}' is not a whole number.");
    }

    public static FieldError? ParseText(LedgerColumn column, string text, out string? value)
    {
        value = text;
        return null;
    }

    /// <summary>
    /// Prefixes a single quote to text that a spreadsheet would run as a formula, so that an exported ledger
    /// opened in Excel shows the text instead of evaluating it.
    /// </summary>
    public static string? EscapeFormula(string? text) =>
        !string.IsNullOrEmpty(text) && Array.IndexOf(FormulaTriggers, text[0]) >= 0 ? "'" + text : text;

    /// <summary>Removes the quote that <see cref="EscapeFormula"/> added, so that an exported file imports unchanged.</summary>
    public static string UnescapeFormula(string text) =>
        text.Length >= 2 && text[0] == '\'' && Array.IndexOf(FormulaTriggers, text[1]) >= 0 ? text[1..] : text;
}
