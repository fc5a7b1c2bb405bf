using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Gb28181;

/// <summary>The digest account and heartbeat settings of a GB/T 28181 device.</summary>
public sealed record GbAccount(long DeviceId, string? DigestUserName, string? EncryptedPassword, int? HeartbeatIntervalSeconds, int? HeartbeatCount);

/// <summary>The result of looking up a registering device in the ledger.</summary>
public sealed record GbEnrollment(GbDevice Profile, string DeviceName, bool Enrolled);

/// <summary>
/// Writes what GB/T 28181 devices report into the ledger: enrollment of unknown devices, catalog items as ledger
/// devices under their recorder, DeviceInfo, DeviceStatus and record lists.
/// </summary>
public sealed partial class GbLedger(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    OrganizationDirectory organizations,
    TimeProvider time,
    ILogger<GbLedger> logger)
{
    /// <summary>The organization that enrolled devices join until someone moves them.</summary>
    public const string UnassignedOrganizationName = "未分配设备 Unassigned";

    /// <summary>
    /// Finds the GB/T 28181 profile of a registering device, creating it for a ledger device with that ID, or
    /// enrolling a new ledger device when <paramref name="enroll"/> is true. Returns null when the ID is unknown
    /// and may not be enrolled.
    /// </summary>
    public async Task<GbEnrollment?> FindOrEnrollAsync(string gbId, bool enroll, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.GbDevices.FirstOrDefaultAsync(d => d.GbId == gbId, cancellationToken);
        if (profile is not null)
        {
            var name = await db.Devices.Where(d => d.Id == profile.DeviceId).Select(d => d.Name).FirstAsync(cancellationToken);
            return new GbEnrollment(profile, name, Enrolled: false);
        }

        var device = await db.Devices.FirstOrDefaultAsync(d => d.GbId == gbId, cancellationToken);
        var enrolled = false;
        if (device is null)
        {
            if (!enroll)
            {
                return null;
            }

            var now = time.GetUtcNow();
            var typeCode = GbId.TypeCode(gbId);
            device = new Device
            {
                Code = await FreeCodeAsync(db, gbId, cancellationToken),
                Name = $"{(typeCode is { } code ? GbId.TypeName(code) : null) ?? "GB/T 28181 device"} {gbId}",
                Kind = typeCode is { } known ? GbId.KindOf(known) ?? DeviceKind.Camera : DeviceKind.Camera,
                GbId = gbId,
                OrganizationId = await UnassignedOrganizationIdAsync(db, cancellationToken),
                Probes = ProbeSet.Gb28181,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Devices.Add(device);
            await db.SaveChangesAsync(cancellationToken);
            enrolled = true;
            LogEnrolled(gbId, device.Id);
        }

        profile = new GbDevice { DeviceId = device.Id, GbId = gbId };
        db.GbDevices.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return new GbEnrollment(profile, device.Name, enrolled);
    }

    /// <summary>Returns the digest account of a GB/T 28181 ID: from its profile, its ledger device, or null when unknown.</summary>
    public async Task<GbAccount?> FindAccountAsync(string gbId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.GbDevices.AsNoTracking()
            .Where(d => d.GbId == gbId)
            .Select(d => new GbAccount(d.DeviceId, d.DigestUserName, d.EncryptedPassword, d.HeartbeatIntervalSeconds, d.HeartbeatCount))
            .FirstOrDefaultAsync(cancellationToken);
        if (profile is not null)
        {
            return profile;
        }

        return await db.Devices.AsNoTracking()
            .Where(d => d.GbId == gbId)
            .OrderBy(d => d.Id)
            .Select(d => new GbAccount(d.Id, null, null, null, null))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores a registration, refresh or unregistration.</summary>
    public async Task SaveRegistrationAsync(GbSession session, string? contactUri, string? userAgent, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.GbDevices.FirstOrDefaultAsync(d => d.DeviceId == session.DeviceId, cancellationToken);
        if (profile is null)
        {
            return;
        }

        lock (session.Sync)
        {
            profile.Transport = session.Transport;
            profile.RemoteAddress = session.Remote?.Address.ToString();
            profile.RemotePort = session.Remote?.Port;
            profile.RegisteredAt = session.RegisteredAt;
            profile.RegistrationExpiresAt = session.ExpiresAt;
            profile.UnregisteredAt = session.UnregisteredAt;
            profile.LastKeepaliveAt = session.LastKeepaliveAt;
        }

        profile.ContactUri = Truncate(contactUri, 256);
        profile.UserAgent = Truncate(userAgent, 128);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Applies catalog items reported by <paramref name="owner"/>: each device item (camera, alarm input, ...)
    /// becomes or updates a ledger device under the owner; items are added and updated, never removed except
    /// by a DEL event. Returns the ledger IDs created or changed.
    /// </summary>
    /// <param name="reportedAt">When the device reported the items: an item changed later (by an event that overtook a
    /// long catalog query) keeps its newer state.</param>
    public async Task<IReadOnlyList<long>> ApplyCatalogAsync(GbSession owner, GbSessionBook book, IReadOnlyCollection<GbCatalogEntry> entries,
        DateTimeOffset? reportedAt, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ownerDevice = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == owner.DeviceId, cancellationToken);
        if (ownerDevice is null)
        {
            return [];
        }

        var ids = entries.Select(e => e.DeviceId).Distinct().ToList();
        var channels = await db.GbChannels.Where(c => c.OwnerDeviceId == owner.DeviceId && ids.Contains(c.ChannelGbId))
            .ToDictionaryAsync(c => c.ChannelGbId, cancellationToken);
        var ledger = await db.Devices.Where(d => d.GbId != null && ids.Contains(d.GbId)).ToListAsync(cancellationToken);
        var ledgerByGbId = ledger.GroupBy(d => d.GbId!).ToDictionary(g => g.Key, g => g.First());
        var codes = (await db.Devices.Where(d => ids.Contains(d.Code)).Select(d => d.Code).ToListAsync(cancellationToken)).ToHashSet();

        var now = time.GetUtcNow();
        var changed = new List<Device>();
        foreach (var entry in entries)
        {
            if (entry.DeviceId == owner.GbId)
            {
                continue;
            }

            if (!channels.TryGetValue(entry.DeviceId, out var channel))
            {
                channel = new GbChannel { OwnerDeviceId = owner.DeviceId, ChannelGbId = entry.DeviceId };
                channels[entry.DeviceId] = channel;
                db.GbChannels.Add(channel);
            }

            if (channel.Id == 0 || channel.UpdatedAt <= (reportedAt ?? now))
            {
                ApplyEntry(channel, entry, now);
            }

            var kind = GbId.TypeCode(entry.DeviceId) is { } code ? GbId.KindOf(code) : null;
            if (kind is not null && !channel.Removed)
            {
                var device = ledgerByGbId.GetValueOrDefault(entry.DeviceId);
                if (device is null)
                {
                    if (codes.Contains(entry.DeviceId))
                    {
                        LogCodeTaken(entry.DeviceId, owner.GbId);
                        continue;
                    }

                    device = NewChannelDevice(entry, kind.Value, ownerDevice, now);
                    db.Devices.Add(device);
                    ledgerByGbId[entry.DeviceId] = device;
                    codes.Add(device.Code);
                    changed.Add(device);
                }
                else if (UpdateChannelDevice(device, entry, ownerDevice, now))
                {
                    changed.Add(device);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var channel in channels.Values)
        {
            if (channel.LedgerDeviceId is null && ledgerByGbId.TryGetValue(channel.ChannelGbId, out var device))
            {
                channel.LedgerDeviceId = device.Id;
            }

            book.SetChannel(owner, new GbChannelState(channel.ChannelGbId, channel.Status, channel.Removed, channel.LedgerDeviceId));
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed.Select(d => d.Id).Concat(channels.Values.Where(c => c.LedgerDeviceId is not null).Select(c => c.LedgerDeviceId!.Value)).Distinct().ToList();
    }

    /// <summary>Stores how the latest catalog query ended.</summary>
    public async Task SaveCatalogOutcomeAsync(long deviceId, GbQueryOutcome outcome, int received, int? expected, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.GbDevices.Where(d => d.DeviceId == deviceId).ExecuteUpdateAsync(update => update
            .SetProperty(d => d.CatalogOutcome, outcome)
            .SetProperty(d => d.CatalogReceived, received)
            .SetProperty(d => d.CatalogExpected, expected)
            .SetProperty(d => d.CatalogUpdatedAt, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Fills manufacturer, model and firmware from DeviceInfo; missing fields leave the ledger as it is.</summary>
    public async Task ApplyDeviceInfoAsync(long deviceId, GbDeviceInfo info, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        var profile = await db.GbDevices.FirstOrDefaultAsync(d => d.DeviceId == deviceId, cancellationToken);
        if (device is null || profile is null)
        {
            return;
        }

        device.Vendor = Truncate(NullIfBlank(info.Manufacturer), Device.MaxTextLength) ?? device.Vendor;
        device.Model = Truncate(NullIfBlank(info.Model), Device.MaxTextLength) ?? device.Model;
        device.FirmwareVersion = Truncate(NullIfBlank(info.Firmware), Device.MaxTextLength) ?? device.FirmwareVersion;
        device.UpdatedAt = time.GetUtcNow();
        profile.InfoReceivedAt = device.UpdatedAt;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stores the latest DeviceStatus.</summary>
    public async Task SaveStatusAsync(long deviceId, GbStatusSnapshot status, string? alarmInputs, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.GbDevices.Where(d => d.DeviceId == deviceId).ExecuteUpdateAsync(update => update
            .SetProperty(d => d.StatusReceivedAt, status.ReceivedAt)
            .SetProperty(d => d.StatusOnline, Truncate(status.Online, 32))
            .SetProperty(d => d.StatusResult, Truncate(status.Result, 32))
            .SetProperty(d => d.Encoding, status.Encoding)
            .SetProperty(d => d.Recording, status.Recording)
            .SetProperty(d => d.ClockSkewSeconds, status.ClockSkewSeconds)
            .SetProperty(d => d.AlarmInputs, Truncate(alarmInputs, 4000)), cancellationToken);
    }

    /// <summary>Stores a record query as pending and returns it.</summary>
    public async Task<GbRecordQuery> StartRecordQueryAsync(long ownerDeviceId, string channelGbId, DateTimeOffset from, DateTimeOffset to, int sn,
        string? requestedBy, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = new GbRecordQuery
        {
            OwnerDeviceId = ownerDeviceId,
            ChannelGbId = channelGbId,
            RangeStart = from,
            RangeEnd = to,
            Sn = sn,
            Outcome = GbQueryOutcome.Pending,
            RequestedAt = time.GetUtcNow(),
            RequestedBy = Truncate(requestedBy, 256),
        };
        db.GbRecordQueries.Add(query);
        await db.SaveChangesAsync(cancellationToken);
        return query;
    }

    /// <summary>Stores how a record query ended and the recordings that arrived, all in one transaction.</summary>
    public async Task FinishRecordQueryAsync(GbRecordQuery query, GbQueryOutcome outcome, int received, int? expected,
        IReadOnlyList<GbRecordEntry> entries, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.GbRecordQueries.Attach(query);
        query.Outcome = outcome;
        query.Received = received;
        query.Expected = expected;
        query.CompletedAt = time.GetUtcNow();
        db.GbRecordSegments.AddRange(entries.Select(e => new GbRecordSegment
        {
            QueryId = query.Id,
            ChannelGbId = e.ChannelGbId,
            Start = e.Start,
            End = e.End,
            Type = Truncate(e.Type, 16),
            Name = Truncate(e.Name, Device.MaxNameLength),
            FilePath = Truncate(e.FilePath, Device.MaxUrlLength),
            FileSize = e.FileSize,
            RecorderId = Truncate(e.RecorderId, 32),
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static void ApplyEntry(GbChannel channel, GbCatalogEntry entry, DateTimeOffset now)
    {
        var catalogEvent = entry.Event?.Trim().ToUpperInvariant();
        channel.Name = Truncate(NullIfBlank(entry.Name), Device.MaxNameLength) ?? (channel.Name.Length > 0 ? channel.Name : entry.DeviceId);
        channel.Manufacturer = Truncate(NullIfBlank(entry.Manufacturer), Device.MaxTextLength) ?? channel.Manufacturer;
        channel.Model = Truncate(NullIfBlank(entry.Model), Device.MaxTextLength) ?? channel.Model;
        channel.Address = Truncate(NullIfBlank(entry.Address), Device.MaxTextLength) ?? channel.Address;
        channel.CivilCode = Truncate(NullIfBlank(entry.CivilCode), 32) ?? channel.CivilCode;
        channel.ParentGbId = Truncate(NullIfBlank(entry.ParentId), 32) ?? channel.ParentGbId;
        channel.LastEvent = Truncate(catalogEvent, 16) ?? channel.LastEvent;
        channel.UpdatedAt = now;
        channel.Removed = catalogEvent == "DEL";

        // An event names the new state when it is one (ON, OFF, VLOST, DEFECT); ADD and UPDATE carry Status.
        var status = catalogEvent is "ON" or "OFF" or "VLOST" or "DEFECT" ? catalogEvent : NullIfBlank(entry.Status)?.Trim().ToUpperInvariant();
        channel.Status = Truncate(status, 16) ?? channel.Status;
    }

    private static Device NewChannelDevice(GbCatalogEntry entry, DeviceKind kind, Device owner, DateTimeOffset now) => new()
    {
        Code = entry.DeviceId,
        Name = Truncate(NullIfBlank(entry.Name), Device.MaxNameLength) ?? entry.DeviceId,
        Kind = kind,
        GbId = entry.DeviceId,
        OrganizationId = owner.OrganizationId,
        ParentId = owner.Id,
        Vendor = Truncate(NullIfBlank(entry.Manufacturer), Device.MaxTextLength),
        Model = Truncate(NullIfBlank(entry.Model), Device.MaxTextLength),
        InstallLocation = Truncate(NullIfBlank(entry.Address), Device.MaxTextLength),
        // The recording probe only reads the stored daily checks of a recorded video channel; see RecordingChannels.
        Probes = RecordingChannels.IsRecordingChannel(kind, null, entry.DeviceId, owner.Id) ? ProbeSet.Gb28181 | ProbeSet.Recording : ProbeSet.Gb28181,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static bool UpdateChannelDevice(Device device, GbCatalogEntry entry, Device owner, DateTimeOffset now)
    {
        var name = Truncate(NullIfBlank(entry.Name), Device.MaxNameLength);
        var changed = false;
        if (name is not null && name != device.Name)
        {
            device.Name = name;
            changed = true;
        }

        if (device.ParentId is null && device.Id != owner.Id)
        {
            device.ParentId = owner.Id;
            changed = true;
        }

        if (changed)
        {
            device.UpdatedAt = now;
        }

        return changed;
    }

    private async Task<long> UnassignedOrganizationIdAsync(WatchkeeperDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Organizations.Where(o => o.ParentId == null && o.Name == UnassignedOrganizationName)
            .Select(o => (long?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }

        var organization = new Organization { Name = UnassignedOrganizationName, CreatedAt = time.GetUtcNow() };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        organizations.Invalidate();
        return organization.Id;
    }

    private static async Task<string> FreeCodeAsync(WatchkeeperDbContext db, string gbId, CancellationToken cancellationToken)
    {
        var code = gbId;
        for (var suffix = 2; await db.Devices.AnyAsync(d => d.Code == code, cancellationToken); suffix++)
        {
            code = $"{gbId}-{suffix}";
        }

        return code;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrolled GB/T 28181 device {GbId} as ledger device {DeviceId} in the unassigned organization")]
    private partial void LogEnrolled(string gbId, long deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog item {ChannelGbId} of {OwnerGbId} was not added to the ledger: another device already uses that code")]
    private partial void LogCodeTaken(string channelGbId, string ownerGbId);
}
