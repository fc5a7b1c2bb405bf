using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Watchkeeper.Server.Alarms.Suppression;

internal sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(MaintenanceWindow.MaxNameLength);
        builder.Property(w => w.RecurrenceKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.DaysOfWeek).HasMaxLength(100);
        builder.Property(w => w.CronExpression).HasMaxLength(SuppressionLists.MaxCronLength);
        builder.Property(w => w.TimeZone).HasMaxLength(64);
        builder.Property(w => w.OrganizationIds).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(w => w.DeviceIds).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(w => w.DeviceKinds).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(w => w.AlarmTypes).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(w => w.Reason).HasMaxLength(MaintenanceWindow.MaxReasonLength);
        builder.Property(w => w.Owner).HasMaxLength(MaintenanceWindow.MaxOwnerLength);
        builder.Property(w => w.CreatedBy).HasMaxLength(256);
        builder.Property(w => w.UpdatedBy).HasMaxLength(256);
        builder.HasIndex(w => w.EndAt);
        builder.HasIndex(w => w.Owner).IsUnique();
    }
}

internal sealed class SilenceConfiguration : IEntityTypeConfiguration<Silence>
{
    public void Configure(EntityTypeBuilder<Silence> builder)
    {
        builder.Property(s => s.OrganizationIds).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(s => s.DeviceIds).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(s => s.DeviceKinds).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(s => s.AlarmTypes).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(s => s.Severities).HasMaxLength(SuppressionLists.MaxTextLength);
        builder.Property(s => s.Reason).HasMaxLength(Silence.MaxReasonLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.ExpiredBy).HasMaxLength(256);
        builder.Ignore(s => s.EffectiveEndAt);
        builder.HasIndex(s => s.EndAt);
    }
}
