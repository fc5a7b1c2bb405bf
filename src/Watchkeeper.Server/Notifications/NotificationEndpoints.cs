using System.Globalization;
using System.Security.Claims;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Notifications.Templates;

namespace Watchkeeper.Server.Notifications;

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/notifications").WithTags("Notifications");
        MapChannels(group);
        MapTemplates(group);
        MapDeliveries(group);
        return routes;
    }

    private static void MapChannels(RouteGroupBuilder group)
    {
        group.MapGet("/channels", async (ChannelService channels, CancellationToken cancellationToken) => TypedResults.Ok(await channels.ListAsync(cancellationToken)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("Notification channels with their settings; secrets are masked as ******");
        group.MapGet("/channels/{id:long}", async (long id, ChannelService channels, CancellationToken cancellationToken) =>
            await channels.GetAsync(id, cancellationToken) is { } channel ? TypedResults.Ok(channel) : ApiResults.Problem(NotificationErrors.ChannelNotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("One notification channel; secrets are masked as ******");
        group.MapPost("/channels", async (ChannelInput input, ChannelService channels, CancellationToken cancellationToken) =>
            ApiResults.From(await channels.CreateAsync(input, cancellationToken), channel => TypedResults.Created($"/api/v1/notifications/channels/{channel.Id}", channel)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Create a channel: kind Email, DingTalk, WeCom, Feishu, Sms or Webhook with the kind's settings");
        group.MapPut("/channels/{id:long}", async (long id, ChannelInput input, ChannelService channels, CancellationToken cancellationToken) =>
            ApiResults.From(await channels.UpdateAsync(id, input, cancellationToken), channel => TypedResults.Ok(channel)))
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Replace a channel's name, settings, state and rate limit; a secret sent back as ****** keeps the stored one");
        group.MapDelete("/channels/{id:long}", async (long id, ChannelService channels, CancellationToken cancellationToken) =>
        {
            var result = await channels.DeleteAsync(id, cancellationToken);
            return result.IsSuccess ? TypedResults.NoContent() : ApiResults.Problem(result.Error!);
        }).RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Delete a channel and its delivery log");
        group.MapPost("/channels/{id:long}/test", async (long id, HttpRequest request, ClaimsPrincipal user, ChannelService channels,
                CancellationToken cancellationToken) =>
            {
                var input = await ReadOptionalJsonAsync<ChannelTestInput>(request, cancellationToken);
                if (!input.IsSuccess)
                {
                    return ApiResults.Problem(input.Errors);
                }

                var userName = user.Identity?.Name ?? UserAccessService.UserIdOf(user) ?? "";
                return ApiResults.From(await channels.TestAsync(id, input.Value, userName, cancellationToken), delivery => TypedResults.Ok(delivery));
            })
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Send a test message through the channel now (body optional: {\"address\": \"...\"}) and return the delivery with its outcome");
    }

    private static void MapTemplates(RouteGroupBuilder group)
    {
        group.MapGet("/templates", async (NotificationTemplates templates, CancellationToken cancellationToken) =>
                TypedResults.Ok(new { items = await templates.ListAsync(cancellationToken), placeholders = NotificationScopes.Names.Order() }))
            .RequirePermission(Capability.Alarms, PermissionAction.View)
            .WithSummary("Message templates for each message kind and channel kind, stored or default, and the placeholders they may use");
        group.MapPut("/templates/{kind}/{channelKind}", async (string kind, string channelKind, TemplateInput input, NotificationTemplates templates,
                CancellationToken cancellationToken) =>
            {
                var key = ParseKey(kind, channelKind);
                return key.IsSuccess
                    ? ApiResults.From(await templates.SaveAsync(key.Value.Kind, key.Value.Channel, input, cancellationToken), view => TypedResults.Ok(view))
                    : ApiResults.Problem(key.Errors);
            })
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Store a template (subject, body, html for e-mail); a template that does not parse is rejected");
        group.MapDelete("/templates/{kind}/{channelKind}", async (string kind, string channelKind, NotificationTemplates templates, CancellationToken cancellationToken) =>
            {
                var key = ParseKey(kind, channelKind);
                if (!key.IsSuccess)
                {
                    return ApiResults.Problem(key.Errors);
                }

                await templates.ResetAsync(key.Value.Kind, key.Value.Channel, cancellationToken);
                return TypedResults.NoContent();
            })
            .RequirePermission(Capability.Alarms, PermissionAction.Administer).WithSummary("Delete a stored template so that the default applies again");
        group.MapPost("/templates/{kind}/{channelKind}/preview", async (string kind, string channelKind, HttpRequest request, NotificationTemplates templates,
                CancellationToken cancellationToken) =>
            {
                var key = ParseKey(kind, channelKind);
                if (!key.IsSuccess)
                {
                    return ApiResults.Problem(key.Errors);
                }

                var input = await ReadOptionalJsonAsync<TemplateInput>(request, cancellationToken);
                return input.IsSuccess
                    ? ApiResults.From(await templates.PreviewAsync(key.Value.Kind, key.Value.Channel, input.Value, cancellationToken), message => TypedResults.Ok(message))
                    : ApiResults.Problem(input.Errors);
            })
            .RequirePermission(Capability.Alarms, PermissionAction.Administer)
            .WithSummary("Render sample alarms with the given template (body optional: the stored or default template)");
    }

    private static void MapDeliveries(RouteGroupBuilder group)
    {
        group.MapGet("/deliveries", ListDeliveriesAsync).RequirePermission(Capability.Alarms, PermissionAction.View)
            .WithSummary("The delivery log, newest first; filters channelId, status (Pending, Sent, Failed), alarmId, from, to (ISO 8601), page, pageSize");
        group.MapGet("/deliveries/{id:long}", async (long id, DeliveryQueries deliveries, CancellationToken cancellationToken) =>
            await deliveries.GetAsync(id, cancellationToken) is { } delivery ? TypedResults.Ok(delivery) : ApiResults.Problem(NotificationErrors.DeliveryNotFound(id)))
            .RequirePermission(Capability.Alarms, PermissionAction.View).WithSummary("One delivery with its message text");
    }

    private static async Task<IResult> ListDeliveriesAsync(DeliveryQueries deliveries, CancellationToken cancellationToken, long? channelId = null,
        string? status = null, long? alarmId = null, string? from = null, string? to = null, int page = 1, int pageSize = 50)
    {
        var errors = new List<Error>();
        DeliveryStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(status, out _))
            {
                parsedStatus = value;
            }
            else
            {
                errors.Add(NotificationErrors.StatusInvalid(status));
            }
        }

        var start = ParseInstant(from, "from", errors);
        var end = ParseInstant(to, "to", errors);
        if (errors.Count > 0)
        {
            return ApiResults.Problem(errors);
        }

        var filter = new DeliveryFilter(channelId, parsedStatus, alarmId, start, end, page, pageSize);
        return ApiResults.From(await deliveries.ListAsync(filter, cancellationToken), result => TypedResults.Ok(result));
    }

    /// <summary>Reads an optional JSON body: null when the request has none, an error when it is not valid JSON.</summary>
    private static async Task<Result<T?>> ReadOptionalJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0 || !request.HasJsonContentType())
        {
            return Result<T?>.Success(null);
        }

        try
        {
            return Result<T?>.Success(await request.ReadFromJsonAsync<T>(cancellationToken));
        }
        catch (System.Text.Json.JsonException exception)
        {
            return Error.Validation("notifications.body.invalid", Bilingual.Join(
                $"请求体不是有效的 JSON：{exception.Message}", $"The request body is not valid JSON: {exception.Message}"), "body");
        }
    }

    private static DateTimeOffset? ParseInstant(string? text, string field, List<Error> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        errors.Add(Error.Validation("notifications.instant.invalid", Bilingual.Join(
            $"{field} 的值“{text}”无效，请填写 ISO 8601 时间，如 2026-12-01T08:00:00+08:00。",
            $"{field} value '{text}' is invalid; give an ISO 8601 time such as 2026-12-01T08:00:00+08:00."), field));
        return null;
    }

    private static Result<(NotificationKind Kind, NotificationChannelKind Channel)> ParseKey(string kind, string channelKind)
    {
        var errors = new List<Error>();
        if (!Enum.TryParse<NotificationKind>(kind, ignoreCase: true, out var parsedKind) || !NotificationTemplates.Kinds.Contains(parsedKind)
            || int.TryParse(kind, out _))
        {
            errors.Add(NotificationErrors.TemplateKindInvalid("kind", kind));
        }

        if (!Enum.TryParse<NotificationChannelKind>(channelKind, ignoreCase: true, out var parsedChannel) || !Enum.IsDefined(parsedChannel) || int.TryParse(channelKind, out _))
        {
            errors.Add(NotificationErrors.TemplateKindInvalid("channelKind", channelKind));
        }

        return errors.Count > 0 ? Result<(NotificationKind, NotificationChannelKind)>.Failure(errors) : (parsedKind, parsedChannel);
    }
}
