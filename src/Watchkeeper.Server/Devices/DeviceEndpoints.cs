using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Devices;

public static class DeviceEndpoints
{
    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/devices").WithTags("Devices");
        var viewers = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.View);
        var creators = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.Create);
        var editors = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.Edit);
        var administrators = group.MapGroup("").RequirePermission(Capability.Devices, PermissionAction.Administer);

        viewers.MapGet("/", ListAsync).WithSummary("List devices with filters and paging");
        viewers.MapGet("/{id:long}", async (long id, DeviceService service, CancellationToken cancellationToken) =>
            await service.GetAsync(id, cancellationToken) is { } device
                ? TypedResults.Ok(device)
                : ApiResults.Problem(Error.NotFound("device.not_found", Bilingual.Join($"设备 {id} 不存在。", $"Device {id} does not exist."))))
            .WithSummary("One device with its health state");
        creators.MapPost("/", async (DeviceInput input, DeviceService service, CancellationToken cancellationToken) =>
            ApiResults.From(await service.CreateAsync(input, cancellationToken), device => TypedResults.Created($"/api/v1/devices/{device.Id}", device)))
            .WithSummary("Add a device to the ledger");
        editors.MapPut("/{id:long}", async (long id, DeviceInput input, DeviceService service, CancellationToken cancellationToken) =>
            ApiResults.From(await service.UpdateAsync(id, input, cancellationToken), device => TypedResults.Ok(device)))
            .WithSummary("Replace a device's ledger fields; a null password keeps the stored one");
        administrators.MapDelete("/{id:long}", async (long id, DeviceService service, CancellationToken cancellationToken) =>
        {
            var result = await service.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).WithSummary("Delete a device without children");

        return routes;
    }

    private static async Task<IResult> ListAsync(DeviceQueries queries, CancellationToken cancellationToken,
        string? state = null, string? kind = null, long? organizationId = null, string? vendor = null, string? search = null,
        long? parentId = null, int page = 1, int pageSize = 50)
    {
        if (ParseFilter(state, kind, organizationId, vendor, search, parentId, out var filter) is { } invalid)
        {
            return invalid;
        }

        if (page < 1 || pageSize < 1 || pageSize > DeviceQueries.MaxPageSize)
        {
            return ApiResults.Problem(Error.Validation("device.filter.paging", Bilingual.Join(
                $"page 须 ≥ 1，pageSize 须在 1–{DeviceQueries.MaxPageSize} 之间。",
                $"page must be at least 1 and pageSize 1-{DeviceQueries.MaxPageSize}."), "pageSize"));
        }

        return TypedResults.Ok(await queries.ListAsync(filter, page, pageSize, cancellationToken));
    }

    /// <summary>Builds the device list's filter from query parameters; returns a problem response when one is invalid.</summary>
    internal static IResult? ParseFilter(string? state, string? kind, long? organizationId, string? vendor, string? search,
        long? parentId, out DeviceFilter filter)
    {
        filter = new DeviceFilter();
        HealthState? parsedState = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<HealthState>(state, ignoreCase: true, out var value) || !Enum.IsDefined(value))
            {
                return ApiResults.Problem(Error.Validation("device.filter.state", Bilingual.Join(
                    $"状态“{state}”无效，可选 Online、Offline、Degraded、Unknown。",
                    $"State '{state}' is invalid; use Online, Offline, Degraded or Unknown."), "state"));
            }

            parsedState = value;
        }

        DeviceKind? parsedKind = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<DeviceKind>(kind, ignoreCase: true, out var value) || !Enum.IsDefined(value))
            {
                return ApiResults.Problem(Error.Validation("device.filter.kind", Bilingual.Join(
                    $"设备类型“{kind}”无效。", $"Kind '{kind}' is invalid; use Camera, Recorder, Encoder, Switch, Server, Storage, Channel or AlarmInput."), "kind"));
            }

            parsedKind = value;
        }

        filter = new DeviceFilter
        {
            State = parsedState,
            Kind = parsedKind,
            OrganizationId = organizationId,
            Vendor = vendor,
            Search = search,
            ParentId = parentId,
        };
        return null;
    }
}
