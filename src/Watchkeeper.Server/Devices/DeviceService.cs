using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Devices;

/// <summary>Creates, edits and deletes ledger devices one at a time, for the API and the console.</summary>
public sealed class DeviceService(
    WatchkeeperDbContext db,
    CredentialProtector credentials,
    OrganizationDirectory organizations,
    IMonitoringControl monitoring,
    DeviceDirectory directory,
    TimeProvider time,
    ILogger<DeviceService> logger)
{
    /// <summary>Deepest parent chain followed when looking for a topology cycle.</summary>
    internal const int MaxTopologyDepth = 64;

    public async Task<DeviceResponse?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (device is null)
        {
            return null;
        }

        var health = await db.DeviceHealth.AsNoTracking().FirstOrDefaultAsync(h => h.DeviceId == id, cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var monitored = directory.Find(id);
        return DeviceResponse.From(device, health, tree.PathOf(device.OrganizationId)) with
        {
            EffectiveProbes = monitored?.Probes.Kinds().ToList(),
            EffectiveIntervalSeconds = monitored is null ? null : (int)monitored.Interval.TotalSeconds,
        };
    }

    public async Task<Result<DeviceResponse>> CreateAsync(DeviceInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var device = new Device { Code = "", Name = "", CreatedAt = now, UpdatedAt = now };
        Apply(input, device);
        device.EncryptedPassword = credentials.Protect(input.Password);
        device.EncryptedSnmpCommunity = credentials.Protect(input.SnmpCommunity);

        var errors = await ValidateAsync(input, device, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<DeviceResponse>.Failure(errors);
        }

        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        monitoring.DeviceChanged(device.Id);
        logger.LogInformation("Created device {DeviceId} {DeviceCode} ({DeviceKind})", device.Id, device.Code, device.Kind);
        return (await GetAsync(device.Id, cancellationToken))!;
    }

    public async Task<Result<DeviceResponse>> UpdateAsync(long id, DeviceInput input, CancellationToken cancellationToken)
    {
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (device is null)
        {
            return NotFound(id);
        }

        var oldUserName = device.UserName;
        Apply(input, device);
        var credentialsChanged = !string.Equals(oldUserName, device.UserName, StringComparison.Ordinal);
        if (input.Password is not null)
        {
            device.EncryptedPassword = credentials.Protect(input.Password);
            credentialsChanged = true;
        }

        if (input.SnmpCommunity is not null)
        {
            device.EncryptedSnmpCommunity = credentials.Protect(input.SnmpCommunity);
            credentialsChanged = true;
        }

        if (credentialsChanged)
        {
            device.CredentialVersion++;
        }

        var errors = await ValidateAsync(input, device, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<DeviceResponse>.Failure(errors);
        }

        device.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        monitoring.DeviceChanged(device.Id);
        logger.LogInformation("Updated device {DeviceId} {DeviceCode}; credentials changed: {CredentialsChanged}", device.Id, device.Code, credentialsChanged);
        return (await GetAsync(device.Id, cancellationToken))!;
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (device is null)
        {
            return NotFound(id);
        }

        var children = await db.Devices.CountAsync(d => d.ParentId == id, cancellationToken);
        if (children > 0)
        {
            return Error.Conflict("device.has_children", Bilingual.Join(
                $"设备 {device.Code} 下还挂有 {children} 台设备，请先删除它们或改挂到其他上级设备。",
                $"Device {device.Code} still has {children} child devices; delete them or move them to another parent first."));
        }

        db.Devices.Remove(device);
        await db.SaveChangesAsync(cancellationToken);
        monitoring.DeviceRemoved(id);
        logger.LogInformation("Deleted device {DeviceId} {DeviceCode}", id, device.Code);
        return Result.Success();
    }

    /// <summary>Copies the ledger fields of <paramref name="input"/> onto <paramref name="device"/>, secrets excepted.</summary>
    internal static void Apply(DeviceInput input, Device device)
    {
        device.Code = input.Code?.Trim() ?? "";
        device.Name = input.Name?.Trim() ?? "";
        device.Kind = input.Kind ?? DeviceKind.Camera;
        device.OrganizationId = input.OrganizationId ?? 0;
        device.InstallLocation = Blank(input.InstallLocation);
        device.IpAddress = Blank(input.IpAddress);
        device.HttpPort = input.HttpPort;
        device.RtspPort = input.RtspPort;
        device.SnmpPort = input.SnmpPort;
        device.RtspUrl = Blank(input.RtspUrl);
        device.OnvifUrl = Blank(input.OnvifUrl);
        device.SnapshotUrl = Blank(input.SnapshotUrl);
        device.HttpApiUrl = Blank(input.HttpApiUrl);
        device.Vendor = Blank(input.Vendor);
        device.Model = Blank(input.Model);
        device.FirmwareVersion = Blank(input.FirmwareVersion);
        device.SerialNumber = Blank(input.SerialNumber);
        device.GbId = Blank(input.GbId);
        device.ParentId = input.ParentId;
        device.RecorderChannel = input.RecorderChannel;
        device.InstallDate = input.InstallDate;
        device.WarrantyEnd = input.WarrantyEnd;
        device.Maintainer = Blank(input.Maintainer);
        device.Notes = Blank(input.Notes);
        device.UserName = Blank(input.UserName);
        device.SnmpInterfaces = Blank(input.SnmpInterfaces);
        device.MonitoringEnabled = input.MonitoringEnabled ?? true;
        device.ProbeIntervalSeconds = input.ProbeIntervalSeconds;
        device.Probes = input.Probes is null ? null : input.Probes.Aggregate(ProbeSet.None, (set, kind) => set | kind.ToSet());
    }

    private async Task<List<Error>> ValidateAsync(DeviceInput input, Device device, CancellationToken cancellationToken)
    {
        var errors = DeviceRules.CheckFormats(device).Select(ToError).ToList();
        if (input.Kind is null)
        {
            errors.Add(Error.Validation("device.kind.missing", Bilingual.Join(
                "请指定设备类型（kind）。", "kind is required: Camera, Recorder, Encoder, Switch, Server, Storage, Channel or AlarmInput."), "kind"));
        }

        // The organization must be one the user sees: the visible tree, else the scoped table if the cache is stale.
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        if (tree.Find(device.OrganizationId) is null && !await db.Organizations.AnyAsync(o => o.Id == device.OrganizationId, cancellationToken))
        {
            errors.Add(Error.Validation("device.organizationId.not_found", Bilingual.Join(
                $"组织 {device.OrganizationId} 不存在。", $"Organization {device.OrganizationId} does not exist."), "organizationId"));
        }

        // Codes are unique across the ledger, so the check reads past the scope; the conflict names only the code.
        if (await db.Devices.IgnoreOrganizationScope().AnyAsync(d => d.Code == device.Code && d.Id != device.Id, cancellationToken))
        {
            errors.Add(Error.Conflict("device.code.duplicate", Bilingual.Join(
                $"设备编码“{device.Code}”已被使用。", $"Device code '{device.Code}' is already in use."), "code"));
        }

        var parentError = await CheckParentAsync(device, cancellationToken);
        if (parentError is not null)
        {
            errors.Add(parentError);
        }

        return errors;
    }

    private async Task<Error?> CheckParentAsync(Device device, CancellationToken cancellationToken)
    {
        if (device.ParentId is not { } parentId)
        {
            return DeviceRules.CheckParentKind(device.Kind, null) is { } missing ? ToError(missing) : null;
        }

        var parent = await db.Devices.AsNoTracking().Where(d => d.Id == parentId).Select(d => new { d.Kind }).FirstOrDefaultAsync(cancellationToken);
        if (parent is null)
        {
            return Error.Validation("device.parentId.not_found", Bilingual.Join(
                $"上级设备 {parentId} 不存在。", $"Parent device {parentId} does not exist."), "parentId");
        }

        if (DeviceRules.CheckParentKind(device.Kind, parent.Kind) is { } wrongKind)
        {
            return ToError(wrongKind);
        }

        long? current = parentId;
        for (var depth = 0; current is { } step && depth < MaxTopologyDepth; depth++)
        {
            if (step == device.Id)
            {
                return Error.Validation("device.parentId.cycle", Bilingual.Join(
                    "上级设备不能是该设备自己或它的下级设备。", "The parent cannot be the device itself or one of its descendants."), "parentId");
            }

            current = await db.Devices.AsNoTracking().Where(d => d.Id == step).Select(d => d.ParentId).FirstOrDefaultAsync(cancellationToken);
        }

        return null;
    }

    private static Error ToError(FieldError error) =>
        Error.Validation(error.Code, Bilingual.Join(error.Chinese, error.English), error.Field);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Error NotFound(long id) =>
        Error.NotFound("device.not_found", Bilingual.Join($"设备 {id} 不存在。", $"Device {id} does not exist."));
}
