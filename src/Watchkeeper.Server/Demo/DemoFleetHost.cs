using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Simulator.Faults;
using Watchkeeper.Simulator.Fleet;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Server.Demo;

/// <summary>The <c>Demo</c> configuration section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>Probe interval of the demo devices, shorter than production so that faults show within minutes.</summary>
    public int ProbeIntervalSeconds { get; set; } = 15;

    /// <summary>Layout of the simulated fleet (addresses, ports, counts); see <see cref="FleetOptions"/>.</summary>
    public FleetOptions Fleet { get; set; } = new();

    public FaultScriptOptions Script { get; set; } = new();

    /// <summary>Whether the demo includes GB/T 28181 recorders and cameras registering to the platform's SIP server.</summary>
    public bool Gb28181 { get; set; } = true;

    /// <summary>Layout of the GB/T 28181 demo devices; the platform address, server ID and domain come from the SIP server.</summary>
    public GbFleetOptions GbFleet { get; set; } = new() { HeartbeatInterval = TimeSpan.FromSeconds(15) };
}

/// <summary>
/// Runs the simulated demo fleet beside the platform: starts it, enters it in the ledger under a demo
/// organization at start-up, and plays the fault script while the platform runs.
/// </summary>
public sealed partial class DemoFleetHost(
    DemoOptions options,
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    CredentialProtector credentials,
    OrganizationDirectory organizations,
    GbSipServer sipServer,
    Microsoft.Extensions.Options.IOptionsMonitor<Gb28181Options> gbOptions,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IStartupSeeder, IHostedService, IAsyncDisposable
{
    public const string RootOrganization = "演示城市 Demo City";

    public const string GbSiteOrganization = "国标接入点 GB/T 28181 site";

    private readonly ILogger _logger = loggerFactory.CreateLogger<DemoFleetHost>();
    private readonly CancellationTokenSource _stopping = new();
    private SimulatedFleet? _fleet;
    private SimulatedGbFleet? _gbFleet;
    private Task? _script;

    public SimulatedFleet? Fleet => _fleet;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var created = SimulatedFleet.Create(options.Fleet, time, loggerFactory);
        if (!created.IsSuccess)
        {
            LogDemoUnavailable(created.FirstError.Message);
            return;
        }

        var started = await created.Value.StartAsync();
        if (!started.IsSuccess)
        {
            LogDemoUnavailable(started.Error!.Message);
            return;
        }

        _fleet = created.Value;
        var added = await EnterInLedgerAsync(_fleet, cancellationToken);
        added += await EnterGbDevicesInLedgerAsync(cancellationToken);
        organizations.Invalidate();
        LogDemoStarted(_fleet.Devices.Count, added);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_fleet is not null)
        {
            await StartGbFleetAsync();
            var script = FaultScript.CreateDemo(_fleet, options.Script, time, loggerFactory);
            _script = Task.Run(() => script.RunAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_script is not null)
        {
            await _script.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_gbFleet is not null)
        {
            await _gbFleet.DisposeAsync();
            _gbFleet = null;
        }

        if (_fleet is not null)
        {
            await _fleet.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_gbFleet is not null)
        {
            await _gbFleet.DisposeAsync();
        }

        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <summary>Adds the devices the ledger lacks; devices already there (from an earlier start) are left as the user keeps them.</summary>
    private async Task<int> EnterInLedgerAsync(SimulatedFleet fleet, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var root = await FindOrCreateOrganizationAsync(db, RootOrganization, null, now, cancellationToken);
        var codes = await db.Devices.Select(d => new { d.Code, d.Id }).ToDictionaryAsync(d => d.Code, d => d.Id, cancellationToken);
        var districts = new Dictionary<string, long>();
        var added = 0;

        foreach (var info in fleet.Devices)
        {
            if (codes.ContainsKey(info.Code))
            {
                continue;
            }

            var districtName = DistrictOf(info, fleet);
            if (!districts.TryGetValue(districtName, out var districtId))
            {
                districtId = (await FindOrCreateOrganizationAsync(db, districtName, root.Id, now, cancellationToken)).Id;
                districts[districtName] = districtId;
            }

            var device = ToDevice(info, districtId, info.ParentCode is { } parentCode ? codes.GetValueOrDefault(parentCode) : null, now);
            db.Devices.Add(device);
            await db.SaveChangesAsync(cancellationToken);
            codes[device.Code] = device.Id;
            added++;
        }

        return added;
    }

    /// <summary>
    /// Enters the GB/T 28181 demo devices in the ledger with their own registration password, so that they register
    /// whether or not the platform has a domain-wide password. Their channels arrive with the first catalog.
    /// </summary>
    private async Task<int> EnterGbDevicesInLedgerAsync(CancellationToken cancellationToken)
    {
        if (!options.Gb28181 || !gbOptions.CurrentValue.Enabled)
        {
            return 0;
        }

        var layout = SimulatedGbFleet.Create(options.GbFleet, time, loggerFactory);
        if (!layout.IsSuccess)
        {
            LogDemoUnavailable(layout.FirstError.Message);
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var root = await FindOrCreateOrganizationAsync(db, RootOrganization, null, now, cancellationToken);
        var site = await FindOrCreateOrganizationAsync(db, GbSiteOrganization, root.Id, now, cancellationToken);
        var known = (await db.Devices.Where(d => d.GbId != null).Select(d => d.GbId!).ToListAsync(cancellationToken)).ToHashSet();
        var heartbeat = (int)Math.Max(5, options.GbFleet.HeartbeatInterval.TotalSeconds);
        var added = 0;
        var number = 0;
        foreach (var gbId in layout.Value.DeviceIds)
        {
            number++;
            if (known.Contains(gbId) || GbId.TypeCode(gbId) is not { } typeCode || GbId.KindOf(typeCode) is not { } kind)
            {
                continue;
            }

            var device = new Device
            {
                Code = gbId,
                Name = kind == DeviceKind.Recorder ? $"国标录像机 {number} GB recorder {number}" : $"国标摄像机 {number} GB camera {number}",
                Kind = kind,
                OrganizationId = site.Id,
                GbId = gbId,
                Probes = ProbeSet.Gb28181,
                Maintainer = "演示运维组 Demo O&M team",
                Notes = "模拟国标设备 Simulated GB/T 28181 device",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Devices.Add(device);
            await db.SaveChangesAsync(cancellationToken);
            db.GbDevices.Add(new GbDevice
            {
                DeviceId = device.Id,
                GbId = gbId,
                EncryptedPassword = credentials.Protect(options.GbFleet.Password),
                HeartbeatIntervalSeconds = heartbeat,
            });
            await db.SaveChangesAsync(cancellationToken);
            added++;
        }

        return added;
    }

    /// <summary>Starts the GB/T 28181 demo devices against the SIP server, once it listens.</summary>
    private async Task StartGbFleetAsync()
    {
        var settings = gbOptions.CurrentValue;
        if (!options.Gb28181 || !settings.Enabled || sipServer.UdpPort == 0 || _fleet is null)
        {
            return;
        }

        var fleetOptions = options.GbFleet;
        fleetOptions.PlatformEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, sipServer.UdpPort);
        fleetOptions.ServerId = settings.ServerId;
        fleetOptions.ServerDomain = settings.Domain;
        var created = SimulatedGbFleet.Create(fleetOptions, time, loggerFactory);
        if (!created.IsSuccess)
        {
            LogDemoUnavailable(created.FirstError.Message);
            return;
        }

        var started = await created.Value.StartAsync();
        if (!started.IsSuccess)
        {
            LogDemoUnavailable(started.Error!.Message);
            await created.Value.DisposeAsync();
            return;
        }

        _gbFleet = created.Value;
        _fleet.AttachGbFleet(_gbFleet);
        LogGbFleetStarted(_gbFleet.Devices.Count, sipServer.UdpPort);
    }

    private Device ToDevice(SimulatedDeviceInfo info, long organizationId, long? parentId, DateTimeOffset now) => new()
    {
        Code = info.Code,
        Name = info.Name,
        Kind = info.Kind,
        OrganizationId = organizationId,
        InstallLocation = info.InstallLocation,
        IpAddress = info.IpAddress,
        HttpPort = info.HttpPort,
        RtspPort = info.RtspPort,
        SnmpPort = info.SnmpPort,
        RtspUrl = info.RtspUrl,
        OnvifUrl = info.OnvifUrl,
        SnapshotUrl = info.SnapshotUrl,
        HttpApiUrl = info.HttpApiUrl,
        Vendor = info.Vendor,
        Model = info.Model,
        FirmwareVersion = info.FirmwareVersion,
        SerialNumber = info.SerialNumber,
        GbId = info.GbId,
        ParentId = parentId,
        Maintainer = "演示运维组 Demo O&M team",
        Notes = $"模拟设备 Simulated device: {info.EnglishName}",
        UserName = info.UserName,
        EncryptedPassword = credentials.Protect(info.Password),
        EncryptedSnmpCommunity = credentials.Protect(info.SnmpCommunity),
        SnmpInterfaces = info.SnmpInterfaces.Count > 0 ? string.Join(",", info.SnmpInterfaces) : null,
        ProbeIntervalSeconds = Math.Clamp(options.ProbeIntervalSeconds, ProbePlan.MinIntervalSeconds, ProbePlan.MaxIntervalSeconds),
        Probes = info.Probes,
        InstallDate = DateOnly.FromDateTime(now.UtcDateTime.AddYears(-2)),
        WarrantyEnd = DateOnly.FromDateTime(now.UtcDateTime.AddYears(1)),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Groups each device under the district of the switch it hangs on.</summary>
    private static string DistrictOf(SimulatedDeviceInfo info, SimulatedFleet fleet)
    {
        var switchCode = info.Kind == DeviceKind.Switch ? info.Code : info.ParentCode;
        var index = fleet.Switches.Select(s => s.Code).ToList().IndexOf(switchCode ?? "");
        return index < 0 ? "其他 Other" : $"{index + 1} 号片区 District {index + 1}";
    }

    private static async Task<Organization> FindOrCreateOrganizationAsync(WatchkeeperDbContext db, string name, long? parentId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var existing = await db.Organizations.FirstOrDefaultAsync(o => o.Name == name && o.ParentId == parentId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var organization = new Organization { Name = name, ParentId = parentId, CreatedAt = now };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return organization;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo fleet running: {DeviceCount} simulated devices, {AddedCount} added to the ledger")]
    private partial void LogDemoStarted(int deviceCount, int addedCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo GB/T 28181 devices running: {DeviceCount} registering to 127.0.0.1:{SipPort}")]
    private partial void LogGbFleetStarted(int deviceCount, int sipPort);

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo fleet could not start and is left out: {Reason}")]
    private partial void LogDemoUnavailable(string reason);
}

public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemoFleet(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton(options);
        services.AddSingleton<DemoFleetHost>();
        services.AddSingleton<IStartupSeeder>(sp => sp.GetRequiredService<DemoFleetHost>());
        services.AddHostedService(sp => sp.GetRequiredService<DemoFleetHost>());
        return services;
    }
}
