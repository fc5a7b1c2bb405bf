using Microsoft.Extensions.Localization;
using MudBlazor;
using Watchkeeper.Server.Components.Shared;

namespace Watchkeeper.Server.Gb28181;

/// <summary>Formats GB/T 28181 values for the console pages.</summary>
public static class GbConsoleText
{
    /// <summary>Returns a query outcome with its item counts, e.g. "完整 4/4", "部分 3/8" or "未应答".</summary>
    public static string Outcome(this IStringLocalizer localizer, GbQueryOutcome outcome, int received, int? expected) => outcome switch
    {
        GbQueryOutcome.Complete or GbQueryOutcome.Partial => $"{localizer.Enum(outcome)} {received}/{expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}",
        _ => localizer.Enum(outcome),
    };

    public static string Outcome(this IStringLocalizer localizer, GbCatalogStatus catalog) =>
        localizer.Outcome(catalog.Outcome, catalog.Received, catalog.Expected);

    public static string Outcome(this IStringLocalizer localizer, GbQueryResult result) =>
        localizer.Outcome(result.Outcome, result.Received, result.Expected);

    /// <summary>Returns "ON" or "OFF" in the user's language for a DeviceStatus flag, or the missing mark.</summary>
    public static string OnOff(this IStringLocalizer localizer, bool? value) =>
        value is { } on ? localizer[on ? "Gb.On" : "Gb.Off"] : ConsoleText.Missing;

    public static string Remote(string? address, int? port) =>
        address is null ? ConsoleText.Missing : port is { } known ? $"{address}:{known}" : address;

    public static Color LivenessColor(GbLiveness liveness) => liveness switch
    {
        GbLiveness.Alive => Color.Success,
        GbLiveness.KeepaliveLapsed or GbLiveness.RegistrationExpired => Color.Error,
        GbLiveness.Unregistered => Color.Warning,
        _ => Color.Default,
    };

    public static Color OutcomeColor(GbQueryOutcome outcome) => outcome switch
    {
        GbQueryOutcome.Complete => Color.Success,
        GbQueryOutcome.Partial => Color.Warning,
        GbQueryOutcome.NeverAnswered => Color.Error,
        _ => Color.Default,
    };
}
