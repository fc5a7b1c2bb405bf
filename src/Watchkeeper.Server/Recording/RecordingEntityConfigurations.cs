using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Recording;

internal sealed class RecordingPolicyConfiguration : IEntityTypeConfiguration<RecordingPolicy>
{
    public void Configure(EntityTypeBuilder<RecordingPolicy> builder)
    {
        builder.HasKey(p => p.OrganizationId);
        builder.Property(p => p.OrganizationId).ValueGeneratedNever();
        builder.Property(p => p.Schedule).HasMaxLength(RecordingScheduleJson.MaxLength);
        builder.Property(p => p.TimeZoneId).HasMaxLength(64);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordingChannelStateConfiguration : IEntityTypeConfiguration<RecordingChannelState>
{
    public void Configure(EntityTypeBuilder<RecordingChannelState> builder)
    {
        builder.HasKey(s => s.DeviceId);
        builder.Property(s => s.DeviceId).ValueGeneratedNever();
        builder.Property(s => s.Schedule).HasMaxLength(RecordingScheduleJson.MaxLength);
        builder.Property(s => s.LastFailure).HasMaxLength(1000);
        builder.Property(s => s.RetentionFailure).HasMaxLength(1000);
        builder.HasIndex(s => s.NextCheckAt);
        builder.HasOne<Device>().WithMany().HasForeignKey(s => s.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordingDayCheckConfiguration : IEntityTypeConfiguration<RecordingDayCheck>
{
    public void Configure(EntityTypeBuilder<RecordingDayCheck> builder)
    {
        builder.Property(d => d.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Detail).HasMaxLength(1000);
        builder.HasIndex(d => new { d.DeviceId, d.Date }).IsUnique();
        builder.HasIndex(d => d.Date);
        builder.HasOne<Device>().WithMany().HasForeignKey(d => d.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordingGapConfiguration : IEntityTypeConfiguration<RecordingGap>
{
    public void Configure(EntityTypeBuilder<RecordingGap> builder)
    {
        builder.HasIndex(g => new { g.DeviceId, g.Date });
        builder.HasOne<RecordingDayCheck>().WithMany().HasForeignKey(g => g.DayCheckId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordedSpanConfiguration : IEntityTypeConfiguration<RecordedSpan>
{
    public void Configure(EntityTypeBuilder<RecordedSpan> builder)
    {
        builder.HasIndex(s => s.DayCheckId);
        builder.HasOne<RecordingDayCheck>().WithMany().HasForeignKey(s => s.DayCheckId).OnDelete(DeleteBehavior.Cascade);
    }
}
