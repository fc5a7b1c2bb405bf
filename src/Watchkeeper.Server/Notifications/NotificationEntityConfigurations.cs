using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Server.Notifications;

internal sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannel>
{
    public void Configure(EntityTypeBuilder<NotificationChannel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ProtectedSettings).HasMaxLength(8000);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Recipient).HasMaxLength(256);
        builder.Property(d => d.Address).HasMaxLength(256);
        builder.Property(d => d.Subject).HasMaxLength(500);
        builder.Property(d => d.Text).HasMaxLength(20000);
        builder.Property(d => d.Html).HasMaxLength(60000);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => d.CreatedAt);
        builder.HasOne<NotificationChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Alarms).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryAlarmConfiguration : IEntityTypeConfiguration<NotificationDeliveryAlarm>
{
    public void Configure(EntityTypeBuilder<NotificationDeliveryAlarm> builder)
    {
        builder.HasKey(a => new { a.DeliveryId, a.AlarmId });
        builder.HasIndex(a => a.AlarmId);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(a => a.AlarmId).OnDelete(DeleteBehavior.Cascade);
    }
}
