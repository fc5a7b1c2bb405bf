using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Notifications;

/// <summary>The body of a channel create or update.</summary>
public sealed record ChannelInput(string? Name, string? Kind, JsonElement? Settings, bool? Enabled, int? RateLimitPerMinute);

/// <summary>A channel as the API shows it, with secrets masked; <see cref="SettingsReadable"/> is false when the key ring cannot decrypt them.</summary>
public sealed record ChannelView(long Id, string Name, NotificationChannelKind Kind, JsonElement? Settings, bool SettingsReadable, bool Enabled,
    int RateLimitPerMinute, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The optional body of "send test": where an e-mail or SMS test goes, or whom a robot @mentions.</summary>
public sealed record ChannelTestInput(string? Address);

/// <summary>Creates, changes, deletes and tests notification channels.</summary>
public sealed class ChannelService(
    WatchkeeperDbContext db,
    ChannelSettingsProtector protector,
    INotificationTemplates templates,
    NotificationOutbox outbox,
    IOptions<NotificationOptions> options,
    DeliveryProcessor processor,
    DeliveryQueries deliveries,
    TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int MaxRateLimitPerMinute = 10_000;

    public async Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken)
    {
        var channels = await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. channels.Select(View)];
    }

    public async Task<ChannelView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } channel ? View(channel) : null;

    public async Task<Result<ChannelView>> CreateAsync(ChannelInput input, CancellationToken cancellationToken)
    {
        var parsed = await ParseAsync(input, null, cancellationToken);
        if (!parsed.IsSuccess)
        {
            return Result<ChannelView>.Failure(parsed.Errors);
        }

        var now = time.GetUtcNow();
        var (name, kind, settings) = parsed.Value;
        var channel = new NotificationChannel
        {
            Name = name,
            Kind = kind,
            ProtectedSettings = protector.Protect(settings),
            Enabled = input.Enabled ?? true,
            RateLimitPerMinute = input.RateLimitPerMinute ?? 60,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return View(channel);
    }

    public async Task<Result<ChannelView>> UpdateAsync(long id, ChannelInput input, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return NotificationErrors.ChannelNotFound(id);
        }

        var parsed = await ParseAsync(input, channel, cancellationToken);
        if (!parsed.IsSuccess)
        {
            return Result<ChannelView>.Failure(parsed.Errors);
        }

        channel.Name = parsed.Value.Name;
        channel.ProtectedSettings = protector.Protect(parsed.Value.Settings);
        channel.Enabled = input.Enabled ?? channel.Enabled;
        channel.RateLimitPerMinute = input.RateLimitPerMinute ?? channel.RateLimitPerMinute;
        channel.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return View(channel);
    }

    /// <summary>Deletes a channel together with its delivery log.</summary>
    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return NotificationErrors.ChannelNotFound(id);
        }

        db.NotificationChannels.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>
    /// Sends a test message through the real path (template, outbox, sender) at once, even when the channel is disabled,
    /// and returns the delivery with its outcome. A test is attempted once and not retried.
    /// </summary>
    public async Task<Result<DeliveryDetail>> TestAsync(long id, ChannelTestInput? input, string userName, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return NotificationErrors.ChannelNotFound(id);
        }

        if (protector.Unprotect(channel) is null)
        {
            return NotificationErrors.SettingsUnavailable(id);
        }

        var address = input?.Address?.Trim() ?? "";
        if (address.Length > 256 || address.Any(char.IsControl))
        {
            return NotificationErrors.TestAddressInvalid(address);
        }

        if (address.Length == 0 && channel.Kind is NotificationChannelKind.Email or NotificationChannelKind.Sms)
        {
            return NotificationErrors.TestAddressMissing(channel.Kind);
        }

        var message = await templates.RenderAsync(channel.Kind, new AlarmNotificationModel(NotificationKind.Test, [], userName), cancellationToken);
        var request = new NotificationRequest(channel.Id, NotificationKind.Test, $"发送测试 / Send test ({userName})", address, message, []);
        var deliveryId = await outbox.EnqueueForCallerAsync(request, options.Value.Delivery.ClaimTimeout, cancellationToken);
        await processor.SendNowAsync(deliveryId, cancellationToken);

        // A test has no alarms, which hides it from users with a restricted scope; so the user who sent it reads its outcome through system work.
        using var systemWork = OrganizationScope.BeginSystemWork();
        return (await deliveries.GetAsync(deliveryId, cancellationToken))!;
    }

    private async Task<Result<(string Name, NotificationChannelKind Kind, ChannelSettings Settings)>> ParseAsync(ChannelInput input, NotificationChannel? existing,
        CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors.Add(NotificationErrors.NameInvalid(name, MaxNameLength));
        }
        else if (await db.NotificationChannels.AnyAsync(c => c.Name == name && (existing == null || c.Id != existing.Id), cancellationToken))
        {
            errors.Add(NotificationErrors.NameDuplicate(name));
        }

        NotificationChannelKind kind;
        if (input.Kind is null && existing is not null)
        {
            kind = existing.Kind;
        }
        else if (!Enum.TryParse(input.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
        {
            return Result<(string, NotificationChannelKind, ChannelSettings)>.Failure([.. errors, NotificationErrors.KindInvalid(input.Kind)]);
        }

        if (existing is not null && existing.Kind != kind)
        {
            errors.Add(NotificationErrors.KindChanged(existing.Kind, kind));
        }

        if (input.RateLimitPerMinute is { } limit && limit is < 1 or > MaxRateLimitPerMinute)
        {
            errors.Add(NotificationErrors.RateLimitInvalid(limit, MaxRateLimitPerMinute));
        }

        var settings = ChannelSettingsJson.Read(kind, input.Settings);
        if (!settings.IsSuccess)
        {
            return Result<(string, NotificationChannelKind, ChannelSettings)>.Failure([.. errors, .. settings.Errors]);
        }

        var value = settings.Value;
        if (existing is not null && protector.Unprotect(existing) is { } stored)
        {
            value = value.WithSecretsFrom(stored);
        }

        errors.AddRange(value.Validate());
        return errors.Count > 0
            ? Result<(string, NotificationChannelKind, ChannelSettings)>.Failure(errors)
            : (name, kind, value);
    }

    private ChannelView View(NotificationChannel channel)
    {
        var settings = protector.Unprotect(channel);
        return new ChannelView(channel.Id, channel.Name, channel.Kind, settings is null ? null : ChannelSettingsJson.ToApi(settings.Masked()), settings is not null,
            channel.Enabled, channel.RateLimitPerMinute, channel.CreatedAt, channel.UpdatedAt);
    }
}
