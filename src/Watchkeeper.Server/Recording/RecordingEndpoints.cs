using System.Globalization;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Recording;

public static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/recordings").WithTags("Recording");
        var viewers = group.MapGroup("").RequirePermission(Capability.Recording, PermissionAction.View);
        var editors = group.MapGroup("").RequirePermission(Capability.Recording, PermissionAction.Edit);
        viewers.MapGet("/{channelId:long}/gaps", GapsAsync)
            .WithSummary("A channel's recordings on one local day: segments, gaps, scheduled and recorded seconds, completeness");
        editors.MapPost("/{channelId:long}/check", CheckAsync)
            .WithSummary("Fetch a channel's recordings of one local day now, store the gaps, and update its alarms");
        viewers.MapGet("/{channelId:long}/schedule", async (long channelId, RecordingSettingsService settings, CancellationToken cancellationToken) =>
            await settings.ChannelScheduleAsync(channelId, cancellationToken) is { } schedule
                ? TypedResults.Ok(schedule)
                : ApiResults.Problem(RecordingErrors.NotARecordingChannel(channelId)))
            .WithSummary("A channel's weekly recording schedule, its own or inherited");
        editors.MapPut("/{channelId:long}/schedule", async (long channelId, RecordingScheduleInput input, RecordingSettingsService settings, CancellationToken cancellationToken) =>
            ApiResults.From(await settings.SetChannelScheduleAsync(channelId, input, cancellationToken), TypedResults.Ok))
            .WithSummary("Set a channel's weekly schedule; null ranges inherit the organization's, an empty list requires no recording");

        var policies = routes.MapGroup("/api/v1/organizations/{organizationId:long}/recording-policy").WithTags("Recording");
        var policiesViewers = policies.MapGroup("").RequirePermission(Capability.Recording, PermissionAction.View);
        var policiesAdministrators = policies.MapGroup("").RequirePermission(Capability.Recording, PermissionAction.Administer);
        policiesViewers.MapGet("/", async (long organizationId, RecordingSettingsService settings, CancellationToken cancellationToken) =>
            ApiResults.From(await settings.PolicyAsync(organizationId, cancellationToken), TypedResults.Ok))
            .WithSummary("The organization's retention days, time zone and schedule, own and in effect");
        policiesAdministrators.MapPut("/", async (long organizationId, RecordingPolicyInput input, RecordingSettingsService settings, CancellationToken cancellationToken) =>
            ApiResults.From(await settings.SetPolicyAsync(organizationId, input, cancellationToken), TypedResults.Ok))
            .WithSummary("Set the organization's retention days, time zone and schedule; null fields inherit from the parent");

        var kpi = routes.MapGroup("/api/v1/kpi").WithTags("KPI");
        var kpiViewers = kpi.MapGroup("").RequirePermission(Capability.Reports, PermissionAction.View);
        kpiViewers.MapGet("/recording-completeness", CompletenessAsync)
            .WithSummary("Recording completeness (录像完整率): recorded ÷ scheduled time over checked channel-days");
        kpiViewers.MapGet("/retention-compliance", async (RecordingQueries queries, CancellationToken cancellationToken, long? organizationId = null,
                long? channelId = null, bool details = true) =>
            TypedResults.Ok(await queries.RetentionAsync(organizationId, channelId, details, cancellationToken)))
            .WithSummary("Retention compliance (录像保存天数达标): oldest available recording against the required days");
        return routes;
    }

    private static async Task<IResult> GapsAsync(long channelId, string? date, RecordingQueries queries, RecordingPolicyStore policies,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var day = date is null ? LocalYesterday(policies, time) : ParseDate(date);
        if (day is null)
        {
            return ApiResults.Problem(RecordingErrors.InvalidDate(date));
        }

        return await queries.DayAsync(channelId, day.Value, cancellationToken) is { } response
            ? TypedResults.Ok(response)
            : ApiResults.Problem(RecordingErrors.NotARecordingChannel(channelId));
    }

    private static async Task<IResult> CheckAsync(long channelId, string? date, RecordingCheckService checks, RecordingQueries queries,
        RecordingPolicyStore policies, TimeProvider time, CancellationToken cancellationToken)
    {
        var day = date is null ? LocalYesterday(policies, time) : ParseDate(date);
        if (day is null)
        {
            return ApiResults.Problem(RecordingErrors.InvalidDate(date));
        }

        var result = await checks.CheckDayAsync(channelId, day.Value, cancellationToken);
        if (!result.IsSuccess)
        {
            return ApiResults.Problem(result.Errors);
        }

        return TypedResults.Ok(await queries.DayAsync(channelId, day.Value, cancellationToken));
    }

    private static async Task<IResult> CompletenessAsync(RecordingQueries queries, RecordingPolicyStore policies, TimeProvider time, CancellationToken cancellationToken,
        string? from = null, string? to = null, long? organizationId = null, long? channelId = null, bool details = true)
    {
        var yesterday = LocalYesterday(policies, time);
        var end = to is null ? yesterday : ParseDate(to);
        var start = from is null ? end : ParseDate(from);
        if (start is null || end is null)
        {
            return ApiResults.Problem(RecordingErrors.InvalidDate(start is null ? from : to));
        }

        if (end < start || end.Value.DayNumber - start.Value.DayNumber >= RecordingQueries.MaxPeriodDays)
        {
            return ApiResults.Problem(Error.Validation("kpi.period.invalid", Bilingual.Join(
                $"统计区间无效：from 不得晚于 to，且不超过 {RecordingQueries.MaxPeriodDays} 天。",
                $"Invalid period: from must not be after to, and the span at most {RecordingQueries.MaxPeriodDays} days."), "from"));
        }

        return TypedResults.Ok(await queries.CompletenessAsync(start.Value, end.Value, organizationId, channelId, details, cancellationToken));
    }

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static DateOnly LocalYesterday(RecordingPolicyStore policies, TimeProvider time) =>
        Core.Recording.LocalDay.DateOf(time.GetUtcNow(), policies.DefaultZone).AddDays(-1);
}
