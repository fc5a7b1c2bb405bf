using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Devices;

namespace Watchkeeper.Server.Gb28181;

internal sealed class GbDeviceConfiguration : IEntityTypeConfiguration<GbDevice>
{
    public void Configure(EntityTypeBuilder<GbDevice> builder)
    {
        builder.HasKey(d => d.DeviceId);
        builder.Property(d => d.DeviceId).ValueGeneratedNever();
        builder.Property(d => d.GbId).HasMaxLength(20);
        builder.Property(d => d.DigestUserName).HasMaxLength(64);
        builder.Property(d => d.EncryptedPassword).HasMaxLength(1024);
        builder.Property(d => d.Transport).HasConversion<string>().HasMaxLength(8);
        builder.Property(d => d.RemoteAddress).HasMaxLength(64);
        builder.Property(d => d.ContactUri).HasMaxLength(256);
        builder.Property(d => d.UserAgent).HasMaxLength(128);
        builder.Property(d => d.CatalogOutcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.StatusOnline).HasMaxLength(32);
        builder.Property(d => d.StatusResult).HasMaxLength(32);
        builder.Property(d => d.AlarmInputs).HasMaxLength(4000);
        builder.HasIndex(d => d.GbId).IsUnique();
        builder.HasOne<Device>().WithOne().HasForeignKey<GbDevice>(d => d.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GbChannelConfiguration : IEntityTypeConfiguration<GbChannel>
{
    public void Configure(EntityTypeBuilder<GbChannel> builder)
    {
        builder.Property(c => c.ChannelGbId).HasMaxLength(32);
        builder.Property(c => c.Name).HasMaxLength(Device.MaxNameLength);
        builder.Property(c => c.Manufacturer).HasMaxLength(Device.MaxTextLength);
        builder.Property(c => c.Model).HasMaxLength(Device.MaxTextLength);
        builder.Property(c => c.Address).HasMaxLength(Device.MaxTextLength);
        builder.Property(c => c.CivilCode).HasMaxLength(32);
        builder.Property(c => c.ParentGbId).HasMaxLength(32);
        builder.Property(c => c.Status).HasMaxLength(16);
        builder.Property(c => c.LastEvent).HasMaxLength(16);
        builder.HasIndex(c => new { c.OwnerDeviceId, c.ChannelGbId }).IsUnique();
        builder.HasIndex(c => c.LedgerDeviceId);
        builder.HasOne<GbDevice>().WithMany().HasForeignKey(c => c.OwnerDeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Device>().WithMany().HasForeignKey(c => c.LedgerDeviceId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class GbRecordQueryConfiguration : IEntityTypeConfiguration<GbRecordQuery>
{
    public void Configure(EntityTypeBuilder<GbRecordQuery> builder)
    {
        builder.Property(q => q.ChannelGbId).HasMaxLength(32);
        builder.Property(q => q.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(q => q.RequestedBy).HasMaxLength(256);
        builder.HasIndex(q => new { q.ChannelGbId, q.RequestedAt });
        builder.HasOne<GbDevice>().WithMany().HasForeignKey(q => q.OwnerDeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GbRecordSegmentConfiguration : IEntityTypeConfiguration<GbRecordSegment>
{
    public void Configure(EntityTypeBuilder<GbRecordSegment> builder)
    {
        builder.Property(s => s.ChannelGbId).HasMaxLength(32);
        builder.Property(s => s.Type).HasMaxLength(16);
        builder.Property(s => s.Name).HasMaxLength(Device.MaxNameLength);
        builder.Property(s => s.FilePath).HasMaxLength(Device.MaxUrlLength);
        builder.Property(s => s.RecorderId).HasMaxLength(32);
        builder.HasIndex(s => new { s.ChannelGbId, s.Start });
        builder.HasOne<GbRecordQuery>().WithMany().HasForeignKey(s => s.QueryId).OnDelete(DeleteBehavior.Cascade);
    }
}
