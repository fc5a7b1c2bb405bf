using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Gb28181;

public sealed record GbCatalogStatus(GbQueryOutcome Outcome, int Received, int? Expected, DateTimeOffset? UpdatedAt);

public sealed record GbDeviceSummary
{
    public required string GbId { get; init; }

    public long DeviceId { get; init; }

    public required string Name { get; init; }

    public long OrganizationId { get; init; }

    public GbTransport Transport { get; init; }

    public string? RemoteAddress { get; init; }

    public int? RemotePort { get; init; }

    public DateTimeOffset? RegisteredAt { get; init; }

    public DateTimeOffset? RegistrationExpiresAt { get; init; }

    public DateTimeOffset? UnregisteredAt { get; init; }

    public DateTimeOffset? LastKeepaliveAt { get; init; }

    /// <summary>What registration and keepalive show now.</summary>
    public GbLiveness Liveness { get; init; }

    public HealthState HealthState { get; init; }

    public required GbCatalogStatus Catalog { get; init; }

    public int ChannelCount { get; init; }
}

public sealed record GbStatusResponse(DateTimeOffset ReceivedAt, string? Online, string? Result, bool? Encoding, bool? Recording, long? ClockSkewSeconds, string? AlarmInputs);

public sealed record GbChannelResponse(string ChannelGbId, long? DeviceId, string Name, string Status, string? LastEvent, bool Removed,
    string? Manufacturer, string? Model, string? Address, string? ParentGbId, HealthState HealthState, DateTimeOffset UpdatedAt);

public sealed record GbRecordQueryResponse(long Id, string ChannelGbId, DateTimeOffset RangeStart, DateTimeOffset RangeEnd, GbQueryOutcome Outcome,
    int Received, int? Expected, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt);

public sealed record GbDeviceDetail
{
    public required GbDeviceSummary Summary { get; init; }

    public string? Vendor { get; init; }

    public string? Model { get; init; }

    public string? FirmwareVersion { get; init; }

    public string? DigestUserName { get; init; }

    public bool HasOwnPassword { get; init; }

    public int HeartbeatIntervalSeconds { get; init; }

    public int HeartbeatCount { get; init; }

    public string? ContactUri { get; init; }

    public string? UserAgent { get; init; }

    public GbStatusResponse? Status { get; init; }

    public IReadOnlyList<GbChannelResponse> Channels { get; init; } = [];

    public IReadOnlyList<GbRecordQueryResponse> RecordQueries { get; init; } = [];
}

public sealed record GbDevicePage(IReadOnlyList<GbDeviceSummary> Items, int Total, int Page, int PageSize);

/// <summary>Reads GB/T 28181 devices for the API and the console.</summary>
public sealed class GbQueries(WatchkeeperDbContext db, GbSessionBook sessions, Microsoft.Extensions.Options.IOptionsMonitor<Gb28181Options> options, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public async Task<GbDevicePage> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var profiles = db.GbDevices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            profiles = profiles.Where(p => p.GbId.StartsWith(text) || db.Devices.Any(d => d.Id == p.DeviceId && d.Name.Contains(text)));
        }

        var total = await profiles.CountAsync(cancellationToken);
        var rows = await profiles.OrderBy(p => p.GbId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var items = await SummariesAsync(rows, cancellationToken);
        return new GbDevicePage(items, total, page, pageSize);
    }

    public async Task<GbDeviceDetail?> GetAsync(string gbId, CancellationToken cancellationToken)
    {
        var profile = await db.GbDevices.AsNoTracking().FirstOrDefaultAsync(p => p.GbId == gbId, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var summary = (await SummariesAsync([profile], cancellationToken))[0];
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.Id == profile.DeviceId, cancellationToken);
        var channels = await db.GbChannels.AsNoTracking().Where(c => c.OwnerDeviceId == profile.DeviceId).OrderBy(c => c.ChannelGbId).ToListAsync(cancellationToken);
        var channelIds = channels.Where(c => c.LedgerDeviceId != null).Select(c => c.LedgerDeviceId!.Value).ToList();
        var states = await db.DeviceHealth.AsNoTracking().Where(h => channelIds.Contains(h.DeviceId))
            .ToDictionaryAsync(h => h.DeviceId, h => h.State, cancellationToken);
        var queries = await db.GbRecordQueries.AsNoTracking().Where(q => q.OwnerDeviceId == profile.DeviceId)
            .OrderByDescending(q => q.Id).Take(20).ToListAsync(cancellationToken);
        var settings = options.CurrentValue;

        return new GbDeviceDetail
        {
            Summary = summary,
            Vendor = device.Vendor,
            Model = device.Model,
            FirmwareVersion = device.FirmwareVersion,
            DigestUserName = profile.DigestUserName,
            HasOwnPassword = profile.EncryptedPassword is not null,
            HeartbeatIntervalSeconds = profile.HeartbeatIntervalSeconds ?? settings.HeartbeatIntervalSeconds,
            HeartbeatCount = profile.HeartbeatCount ?? settings.HeartbeatCount,
            ContactUri = profile.ContactUri,
            UserAgent = profile.UserAgent,
            Status = profile.StatusReceivedAt is { } received
                ? new GbStatusResponse(received, profile.StatusOnline, profile.StatusResult, profile.Encoding, profile.Recording, profile.ClockSkewSeconds, profile.AlarmInputs)
                : null,
            Channels = channels.Select(c => new GbChannelResponse(c.ChannelGbId, c.LedgerDeviceId, c.Name, c.Status, c.LastEvent, c.Removed,
                c.Manufacturer, c.Model, c.Address, c.ParentGbId,
                c.LedgerDeviceId is { } id ? states.GetValueOrDefault(id, HealthState.Unknown) : HealthState.Unknown, c.UpdatedAt)).ToList(),
            RecordQueries = queries.Select(q => new GbRecordQueryResponse(q.Id, q.ChannelGbId, q.RangeStart, q.RangeEnd, q.Outcome,
                q.Received, q.Expected, q.RequestedAt, q.CompletedAt)).ToList(),
        };
    }

    /// <summary>Returns the segments stored for a channel that overlap the range, oldest first.</summary>
    public async Task<IReadOnlyList<GbRecordEntry>> RecordsAsync(string channelGbId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await db.GbRecordSegments.AsNoTracking()
            .Where(s => s.ChannelGbId == channelGbId && s.Start < to && s.End > from)
            .OrderBy(s => s.Start)
            .Select(s => new GbRecordEntry(s.ChannelGbId, s.Start, s.End, s.Type, s.Name, s.FilePath, s.FileSize, s.RecorderId))
            .ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<GbDeviceSummary>> SummariesAsync(IReadOnlyList<GbDevice> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.DeviceId).ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => new { d.Name, d.OrganizationId }, cancellationToken);
        var states = await db.DeviceHealth.AsNoTracking().Where(h => ids.Contains(h.DeviceId))
            .ToDictionaryAsync(h => h.DeviceId, h => h.State, cancellationToken);
        var channelCounts = await db.GbChannels.AsNoTracking().Where(c => ids.Contains(c.OwnerDeviceId) && !c.Removed)
            .GroupBy(c => c.OwnerDeviceId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var now = time.GetUtcNow();

        return rows.Select(row =>
        {
            var session = sessions.Find(row.GbId);
            var device = devices.GetValueOrDefault(row.DeviceId);
            return new GbDeviceSummary
            {
                GbId = row.GbId,
                DeviceId = row.DeviceId,
                Name = device?.Name ?? row.GbId,
                OrganizationId = device?.OrganizationId ?? 0,
                Transport = session?.Transport ?? row.Transport,
                RemoteAddress = session?.Remote?.Address.ToString() ?? row.RemoteAddress,
                RemotePort = session?.Remote?.Port ?? row.RemotePort,
                RegisteredAt = session?.RegisteredAt ?? row.RegisteredAt,
                RegistrationExpiresAt = session?.ExpiresAt ?? row.RegistrationExpiresAt,
                UnregisteredAt = session?.UnregisteredAt ?? row.UnregisteredAt,
                LastKeepaliveAt = session?.LastKeepaliveAt ?? row.LastKeepaliveAt,
                Liveness = session is null ? GbLiveness.Unknown : GbHealthEvaluator.Liveness(session, now, sessions.StartedAt),
                HealthState = states.GetValueOrDefault(row.DeviceId, HealthState.Unknown),
                Catalog = new GbCatalogStatus(row.CatalogOutcome, row.CatalogReceived, row.CatalogExpected, row.CatalogUpdatedAt),
                ChannelCount = channelCounts.GetValueOrDefault(row.DeviceId),
            };
        }).ToList();
    }
}
