using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Diagnosis;

internal sealed class DiagnosisPlanConfiguration : IEntityTypeConfiguration<DiagnosisPlan>
{
    public void Configure(EntityTypeBuilder<DiagnosisPlan> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(DiagnosisPlan.MaxNameLength);
        builder.Property(p => p.CameraScope).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ScheduleMode).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.DeviceKinds).HasMaxLength(200);
        builder.Property(p => p.DeviceIds).HasMaxLength(DiagnosisPlan.MaxListLength);
        builder.Property(p => p.Checks).HasMaxLength(1000);
        builder.Property(p => p.Sensitivities).HasMaxLength(1000);
        builder.Property(p => p.NightSensitivities).HasMaxLength(1000);
        builder.Property(p => p.TimesOfDay).HasMaxLength(1000);
        builder.Property(p => p.TimeZone).HasMaxLength(64);
        builder.Property(p => p.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(p => p.OrganizationId).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReferenceImageConfiguration : IEntityTypeConfiguration<ReferenceImage>
{
    public void Configure(EntityTypeBuilder<ReferenceImage> builder)
    {
        builder.Property(r => r.FilePath).HasMaxLength(512);
        builder.Property(r => r.TakenBy).HasMaxLength(256);
        builder.Property(r => r.Reason).HasMaxLength(ReferenceImage.MaxReasonLength);
        builder.HasIndex(r => new { r.DeviceId, r.IsCurrent });
        builder.HasIndex(r => new { r.DeviceId, r.TakenAt });
        builder.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DiagnosisResultConfiguration : IEntityTypeConfiguration<DiagnosisResult>
{
    public void Configure(EntityTypeBuilder<DiagnosisResult> builder)
    {
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Source).HasMaxLength(16);
        builder.Property(r => r.FailureReason).HasMaxLength(DiagnosisResult.MaxReasonLength);
        builder.Property(r => r.ThumbnailPath).HasMaxLength(512);
        builder.Property(r => r.EvidencePath).HasMaxLength(512);
        builder.HasIndex(r => new { r.DeviceId, r.CompletedAt });
        builder.HasIndex(r => r.CompletedAt);
        builder.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Findings).WithOne().HasForeignKey(f => f.ResultId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DiagnosisFindingConfiguration : IEntityTypeConfiguration<DiagnosisFinding>
{
    public void Configure(EntityTypeBuilder<DiagnosisFinding> builder)
    {
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(f => f.Detail).HasMaxLength(DiagnosisFinding.MaxDetailLength);
        builder.HasIndex(f => new { f.Kind, f.Detected });
    }
}

internal sealed class DiagnosisDueConfiguration : IEntityTypeConfiguration<DiagnosisDue>
{
    public void Configure(EntityTypeBuilder<DiagnosisDue> builder)
    {
        builder.HasKey(d => d.DeviceId);
        builder.Property(d => d.DeviceId).ValueGeneratedNever();
        builder.HasIndex(d => d.DueAt);
        builder.HasOne<Device>().WithOne().HasForeignKey<DiagnosisDue>(d => d.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}
