using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Gb28181;

namespace Watchkeeper.Benchmarks.Gb28181;

/// <summary>
/// Writes registered GB/T 28181 IP cameras straight into the database: a ledger device and a GbDevice row each.
/// Every camera registered over UDP from one loopback address for a day, as if before a platform restart.
/// </summary>
internal static class GbCameraLedger
{
    /// <summary>The ID of camera <paramref name="index"/>: domain 3402000000, type code 132, serial number from the index.</summary>
    public static string CameraId(int index) => $"34020000001320{index:D6}";

    public static async Task WriteRegisteredCamerasAsync(IServiceProvider services, int count, int remotePort, bool monitored)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>();
        var now = DateTimeOffset.UtcNow;

        long organizationId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var organization = new Organization { Name = "压测单位 Load test", CreatedAt = now };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            organizationId = organization.Id;
        }

        const int chunk = 10_000;
        for (var start = 0; start < count; start += chunk)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var devices = new List<Device>();
            for (var i = start; i < Math.Min(count, start + chunk); i++)
            {
                devices.Add(new Device
                {
                    Code = $"GB-{i:D6}",
                    Name = $"压测摄像机 {i}",
                    Kind = DeviceKind.Camera,
                    OrganizationId = organizationId,
                    GbId = CameraId(i),
                    Probes = ProbeSet.Gb28181,
                    MonitoringEnabled = monitored,
                    ProbeIntervalSeconds = 60,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            db.Devices.AddRange(devices);
            await db.SaveChangesAsync();

            db.GbDevices.AddRange(devices.Select(d => new GbDevice
            {
                DeviceId = d.Id,
                GbId = d.GbId!,
                Transport = GbTransport.Udp,
                RemoteAddress = "127.0.0.1",
                RemotePort = remotePort,
                ContactUri = $"sip:{d.GbId}@127.0.0.1:{remotePort}",
                UserAgent = "sipp",
                RegisteredAt = now,
                RegistrationExpiresAt = now.AddDays(1),
                LastKeepaliveAt = now,
            }));
            await db.SaveChangesAsync();
        }
    }
}
