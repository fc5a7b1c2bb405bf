using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Components.Shared;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Alarms;

/// <summary>
/// The console's alarm actions, shared by the alarm board and the alarm page. Each shows a dialog, checks the permission
/// again, runs <see cref="AlarmService"/> in its own scope and reports the outcome in a snackbar.
/// </summary>
public sealed class AlarmConsoleActions(IServiceScopeFactory scopes, IDialogService dialogs, ISnackbar snackbar, ConsoleAccess access,
    AuthenticationStateProvider authentication, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Shows the acknowledge dialog and acknowledges the alarm. Returns true on success.</summary>
    public async Task<bool> AcknowledgeAsync(AlarmResponse alarm)
    {
        var dialog = await dialogs.ShowAsync<AcknowledgeDialog>(localizer["Alarm.Acknowledge.Title"],
            new DialogParameters<AcknowledgeDialog> { { d => d.Alarm, alarm } }, DialogOptions());
        var result = await dialog.Result;
        if (result is null || result.Canceled || !await access.CheckAsync(Capability.Alarms, PermissionAction.Edit))
        {
            return false;
        }

        var user = await UserNameAsync();
        var outcome = await scopes.RunAsync((AlarmService s) => s.AcknowledgeAsync(alarm.Id, user, result.Data as string, CancellationToken.None));
        return Report(outcome, "Alarm.Acknowledged");
    }

    /// <summary>Acknowledges each alarm of <paramref name="alarms"/> without a note and returns how many succeeded.</summary>
    public async Task<int> AcknowledgeManyAsync(IReadOnlyList<AlarmResponse> alarms)
    {
        if (!await access.CheckAsync(Capability.Alarms, PermissionAction.Edit))
        {
            return 0;
        }

        var user = await UserNameAsync();
        var acknowledged = 0;
        foreach (var alarm in alarms)
        {
            var outcome = await scopes.RunAsync((AlarmService s) => s.AcknowledgeAsync(alarm.Id, user, null, CancellationToken.None));
            acknowledged += outcome.IsSuccess ? 1 : 0;
        }

        var failed = alarms.Count - acknowledged;
        snackbar.Add(localizer["Alarm.BulkAcknowledged", acknowledged, failed], failed == 0 ? Severity.Success : Severity.Warning);
        return acknowledged;
    }

    /// <summary>Shows the close dialog, which requires a reason, and closes the alarm. Returns true on success.</summary>
    public async Task<bool> CloseAsync(AlarmResponse alarm)
    {
        var dialog = await dialogs.ShowAsync<CloseDialog>(localizer["Alarm.Close.Title"],
            new DialogParameters<CloseDialog> { { d => d.Alarm, alarm } }, DialogOptions());
        var result = await dialog.Result;
        if (result is null || result.Canceled || !await access.CheckAsync(Capability.Alarms, PermissionAction.Close))
        {
            return false;
        }

        var user = await UserNameAsync();
        var outcome = await scopes.RunAsync((AlarmService s) => s.CloseAsync(alarm.Id, user, result.Data as string, CancellationToken.None));
        return Report(outcome, "Alarm.Closed");
    }

    /// <summary>Shows the link dialog and links the chosen alarm to this one. Returns true on success.</summary>
    public async Task<bool> LinkAsync(AlarmResponse alarm)
    {
        var dialog = await dialogs.ShowAsync<LinkDialog>(localizer["Alarm.Link.Title"],
            new DialogParameters<LinkDialog> { { d => d.Alarm, alarm } }, DialogOptions());
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not LinkDialog.Choice choice
            || !await access.CheckAsync(Capability.Alarms, PermissionAction.Edit))
        {
            return false;
        }

        var user = await UserNameAsync();
        var outcome = await scopes.RunAsync((AlarmService s) => s.LinkAsync(alarm.Id, choice.AlarmId, user, choice.Note, CancellationToken.None));
        return Report(outcome, "Alarm.Linked");
    }

    /// <summary>Shows a confirmation and removes the link between the two alarms. Returns true on success.</summary>
    public async Task<bool> UnlinkAsync(long alarmId, long linkedAlarmId)
    {
        var confirmed = await ConfirmDialog.AskAsync(dialogs, localizer["Alarm.Unlink"], localizer["Alarm.Unlink.Confirm", alarmId, linkedAlarmId],
            localizer["Alarm.Unlink"]);
        if (!confirmed || !await access.CheckAsync(Capability.Alarms, PermissionAction.Edit))
        {
            return false;
        }

        var user = await UserNameAsync();
        var outcome = await scopes.RunAsync((AlarmService s) => s.UnlinkAsync(alarmId, linkedAlarmId, user, CancellationToken.None));
        return Report(outcome, "Alarm.Unlinked");
    }

    private static DialogOptions DialogOptions() => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private async Task<string> UserNameAsync() =>
        AlarmEndpoints.UserNameOf((await authentication.GetAuthenticationStateAsync()).User);

    private bool Report(Result outcome, string successKey)
    {
        if (outcome.IsSuccess)
        {
            snackbar.Add(localizer[successKey], Severity.Success);
            return true;
        }

        snackbar.Add(ConsoleText.Message(outcome.Error!), Severity.Error);
        return false;
    }
}
