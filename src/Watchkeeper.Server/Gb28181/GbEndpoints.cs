using System.Security.Claims;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Gb28181;

/// <summary>A record query: a channel and a time range.</summary>
public sealed record GbRecordQueryInput(string? ChannelId, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The result of a record query: how it ended and the recordings stored for the range.</summary>
public sealed record GbRecordsResponse(GbQueryResult Query, IReadOnlyList<GbRecordEntry> Records);

/// <summary>A device's own GB/T 28181 settings; null fields take the platform's.</summary>
public sealed record GbDeviceSettingsInput(string? DigestUserName, string? Password, bool ClearPassword, int? HeartbeatIntervalSeconds, int? HeartbeatCount);

public static class GbEndpoints
{
    /// <summary>The longest range one record query may cover.</summary>
    public static readonly TimeSpan MaxRecordRange = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapGb28181Api(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/gb28181").WithTags("GB/T 28181");
        var viewers = group.MapGroup("").RequirePermission(Capability.Gb28181, PermissionAction.View);
        var editors = group.MapGroup("").RequirePermission(Capability.Gb28181, PermissionAction.Edit);
        viewers.MapGet("/devices", async (GbQueries queries, CancellationToken cancellationToken, string? search = null, int page = 1, int pageSize = 50) =>
        {
            if (page < 1 || pageSize < 1 || pageSize > GbQueries.MaxPageSize)
            {
                return ApiResults.Problem(Error.Validation("gb28181.filter.paging", Bilingual.Join(
                    $"page 须 ≥ 1，pageSize 须在 1–{GbQueries.MaxPageSize} 之间。", $"page must be at least 1 and pageSize 1-{GbQueries.MaxPageSize}."), "pageSize"));
            }

            return TypedResults.Ok(await queries.ListAsync(search, page, pageSize, cancellationToken));
        }).WithSummary("GB/T 28181 devices with registration, keepalive and catalog status");

        viewers.MapGet("/devices/{gbId}", async (string gbId, GbQueries queries, CancellationToken cancellationToken) =>
            await queries.GetAsync(gbId, cancellationToken) is { } detail ? TypedResults.Ok(detail) : NotFound(gbId))
            .WithSummary("One GB/T 28181 device: registration, keepalive, catalog status, channels, last DeviceStatus");

        editors.MapPost("/devices/{gbId}/catalog", (string gbId, GbQueryManager manager, CancellationToken cancellationToken) =>
            RunAsync(gbId, manager, manager.QueryCatalogAsync, cancellationToken))
            .WithSummary("Query the device's catalog now and wait until it is complete or times out");
        editors.MapPost("/devices/{gbId}/info", (string gbId, GbQueryManager manager, CancellationToken cancellationToken) =>
            RunAsync(gbId, manager, manager.QueryDeviceInfoAsync, cancellationToken))
            .WithSummary("Query DeviceInfo now");
        editors.MapPost("/devices/{gbId}/status", (string gbId, GbQueryManager manager, CancellationToken cancellationToken) =>
            RunAsync(gbId, manager, manager.QueryDeviceStatusAsync, cancellationToken))
            .WithSummary("Query DeviceStatus now");
        editors.MapPost("/devices/{gbId}/records", QueryRecordsAsync)
            .WithSummary("Query a channel's recordings for a time range and store them");
        viewers.MapGet("/channels/{channelId}/records", async (string channelId, DateTimeOffset from, DateTimeOffset to, GbQueries queries, CancellationToken cancellationToken) =>
            TypedResults.Ok(await queries.RecordsAsync(channelId, from, to, cancellationToken)))
            .WithSummary("Recordings stored for a channel that overlap the range");
        editors.MapPut("/devices/{gbId}/settings", SetDeviceSettingsAsync)
            .WithSummary("Set a device's digest user name, own password and heartbeat; the device need not have registered yet");
        return routes;
    }

    private static async Task<IResult> RunAsync(string gbId, GbQueryManager manager, Func<string, CancellationToken, Task<GbQueryResult>> query, CancellationToken cancellationToken)
    {
        if (manager.Find(gbId) is null)
        {
            return NotFound(gbId);
        }

        return TypedResults.Ok(await query(gbId, cancellationToken));
    }

    private static async Task<IResult> QueryRecordsAsync(string gbId, GbRecordQueryInput input, GbQueryManager manager, GbQueries queries,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (manager.Find(gbId) is null)
        {
            return NotFound(gbId);
        }

        var channel = string.IsNullOrWhiteSpace(input.ChannelId) ? gbId : input.ChannelId.Trim();
        if (!GbId.IsTwentyDigits(channel))
        {
            return ApiResults.Problem(Error.Validation("gb28181.records.channel", Bilingual.Join(
                $"通道编码“{channel}”无效，须为 20 位数字。", $"Channel ID '{channel}' is invalid; it must be 20 digits."), "channelId"));
        }

        if (input.From is not { } from || input.To is not { } to || to <= from || to - from > MaxRecordRange)
        {
            return ApiResults.Problem(Error.Validation("gb28181.records.range", Bilingual.Join(
                $"时间范围无效：须提供 from 和 to，to 晚于 from，且不超过 {MaxRecordRange.TotalDays:0} 天。",
                $"The time range is invalid: give from and to, with to after from and at most {MaxRecordRange.TotalDays:0} days apart."), "to"));
        }

        var requestedBy = user.FindFirstValue("name") ?? user.Identity?.Name;
        var result = await manager.QueryRecordsAsync(gbId, channel, from, to, requestedBy, cancellationToken);
        return TypedResults.Ok(new GbRecordsResponse(result, await queries.RecordsAsync(channel, from, to, cancellationToken)));
    }

    private static async Task<IResult> SetDeviceSettingsAsync(string gbId, GbDeviceSettingsInput input, GbDeviceSettingsService settings, CancellationToken cancellationToken)
    {
        var result = await settings.SaveAsync(gbId, input, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
    }

    /// <summary>Returns the error for a GB/T 28181 ID that neither registered nor is in the ledger.</summary>
    public static Error DeviceNotFound(string gbId) => Error.NotFound("gb28181.device.not_found", Bilingual.Join(
        $"国标设备 {gbId} 不存在：它既未注册，也不在台账中。", $"GB/T 28181 device {gbId} does not exist: it has not registered and is not in the ledger."));

    private static IResult NotFound(string gbId) => ApiResults.Problem(DeviceNotFound(gbId));
}
