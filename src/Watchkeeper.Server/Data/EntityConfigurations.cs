using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Data;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(Organization.MaxNameLength);
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.ParentId, o.Name }).IsUnique();
    }
}

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> builder)
    {
        builder.Property(d => d.Code).HasMaxLength(Device.MaxCodeLength);
        builder.Property(d => d.Name).HasMaxLength(Device.MaxNameLength);
        builder.Property(d => d.InstallLocation).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.IpAddress).HasMaxLength(64);
        builder.Property(d => d.RtspUrl).HasMaxLength(Device.MaxUrlLength);
        builder.Property(d => d.OnvifUrl).HasMaxLength(Device.MaxUrlLength);
        builder.Property(d => d.SnapshotUrl).HasMaxLength(Device.MaxUrlLength);
        builder.Property(d => d.HttpApiUrl).HasMaxLength(Device.MaxUrlLength);
        builder.Property(d => d.Vendor).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.Model).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.FirmwareVersion).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.SerialNumber).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.GbId).HasMaxLength(20);
        builder.Property(d => d.Maintainer).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.Notes).HasMaxLength(Device.MaxNotesLength);
        builder.Property(d => d.UserName).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.SnmpInterfaces).HasMaxLength(Device.MaxTextLength);
        builder.Property(d => d.Probes).HasConversion<int?>();

        builder.HasIndex(d => d.Code).IsUnique();
        builder.HasIndex(d => d.GbId);
        builder.HasIndex(d => new { d.OrganizationId, d.Code });
        builder.HasIndex(d => new { d.Kind, d.Code });
        builder.HasIndex(d => new { d.Vendor, d.Code });
        builder.HasIndex(d => d.ParentId);

        builder.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Device>().WithMany().HasForeignKey(d => d.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeviceHealthConfiguration : IEntityTypeConfiguration<DeviceHealth>
{
    public void Configure(EntityTypeBuilder<DeviceHealth> builder)
    {
        builder.HasKey(h => h.DeviceId);
        builder.Property(h => h.DeviceId).ValueGeneratedNever();
        builder.Property(h => h.StateReason).HasMaxLength(2000);
        builder.HasIndex(h => h.State);
        builder.HasOne<Device>().WithOne().HasForeignKey<DeviceHealth>(h => h.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LatestProbeResultConfiguration : IEntityTypeConfiguration<LatestProbeResult>
{
    public void Configure(EntityTypeBuilder<LatestProbeResult> builder)
    {
        builder.HasKey(r => new { r.DeviceId, r.Kind });
        builder.Property(r => r.Detail).HasMaxLength(2000);
        builder.Property(r => r.Findings).HasMaxLength(4000);
        builder.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StateIntervalConfiguration : IEntityTypeConfiguration<StateInterval>
{
    public void Configure(EntityTypeBuilder<StateInterval> builder)
    {
        builder.HasIndex(i => new { i.DeviceId, i.StartAt });
        builder.HasIndex(i => new { i.StartAt, i.EndAt });
        builder.HasOne<Device>().WithMany().HasForeignKey(i => i.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlarmConfiguration : IEntityTypeConfiguration<Alarm>
{
    public void Configure(EntityTypeBuilder<Alarm> builder)
    {
        builder.Property(a => a.Subject).HasMaxLength(128);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        builder.Property(a => a.ClosedBy).HasMaxLength(256);
        builder.Property(a => a.CloseReason).HasMaxLength(500);
        builder.Property(a => a.SuppressionReason).HasMaxLength(500);
        builder.Property(a => a.Suppression).HasConversion<string>().HasMaxLength(24);
        builder.HasIndex(a => new { a.State, a.LastSeenAt });
        builder.HasIndex(a => a.IncidentId);
        builder.HasOne<Watchkeeper.Server.Alarms.AlarmIncident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.DeviceId, a.State });
        builder.HasOne<Device>().WithMany().HasForeignKey(a => a.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Activities).WithOne().HasForeignKey(x => x.AlarmId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Activities).HasField("_activities").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AlarmActivityConfiguration : IEntityTypeConfiguration<AlarmActivity>
{
    public void Configure(EntityTypeBuilder<AlarmActivity> builder)
    {
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Note).HasMaxLength(2000);
    }
}

internal sealed class MonitoringPolicyConfiguration : IEntityTypeConfiguration<MonitoringPolicy>
{
    public void Configure(EntityTypeBuilder<MonitoringPolicy> builder)
    {
        builder.Property(p => p.Probes).HasConversion<int?>();
        builder.HasIndex(p => new { p.OrganizationId, p.Kind }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlatformSettingConfiguration : IEntityTypeConfiguration<PlatformSetting>
{
    public void Configure(EntityTypeBuilder<PlatformSetting> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(128);
    }
}
