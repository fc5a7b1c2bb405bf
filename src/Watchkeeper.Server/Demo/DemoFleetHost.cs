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
    TimeProvider time,
    ILoggerFactory loggerFactory) : IStartupSeeder, IHostedService, IAsyncDisposable
{
    public const string RootOrganization = "演示城市 Demo City";

    private readonly ILogger _logger = loggerFactory.CreateLogger<DemoFleetHost>();
    private readonly CancellationTokenSource _stopping = new();
    private SimulatedFleet? _fleet;
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
        organizations.Invalidate();
        LogDemoStarted(_fleet.Devices.Count, added);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_fleet is not null)
        {
            var script = FaultScript.CreateDemo(_fleet, options.Script, time, loggerFactory);
            _script = Task.Run(() => script.RunAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_script is not null)
        {
            await _script.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_fleet is not null)
        {
            await _fleet.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
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
