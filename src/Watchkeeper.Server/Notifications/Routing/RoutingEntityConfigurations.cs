using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

internal sealed class NotificationRuleConfiguration : IEntityTypeConfiguration<NotificationRule>
{
    public void Configure(EntityTypeBuilder<NotificationRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(NotificationRule.MaxNameLength);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.HasIndex(r => r.Position);
        builder.Property(r => r.Severities).HasJsonConversion().HasMaxLength(200);
        builder.Property(r => r.DeviceKinds).HasJsonConversion().HasMaxLength(400);
        builder.Property(r => r.AlarmTypes).HasJsonConversion().HasMaxLength(2000);
        builder.Property(r => r.ChannelIds).HasJsonConversion().HasMaxLength(2000);
        builder.Property(r => r.UserIds).HasJsonConversion().HasMaxLength(8000);
        builder.Property(r => r.GroupIds).HasJsonConversion().HasMaxLength(2000);
        builder.Property(r => r.GroupBy).HasJsonConversion().HasMaxLength(200);
        builder.Property(r => r.TimeCondition).HasConversion<string>().HasMaxLength(24);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CalendarDefinition>().WithMany().HasForeignKey(r => r.CalendarId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<EscalationPolicy>().WithMany().HasForeignKey(r => r.EscalationPolicyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReceiverGroupConfiguration : IEntityTypeConfiguration<ReceiverGroup>
{
    public void Configure(EntityTypeBuilder<ReceiverGroup> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(ReceiverGroup.MaxNameLength);
        builder.HasIndex(g => g.Name).IsUnique();
        builder.Property(g => g.UserIds).HasJsonConversion().HasMaxLength(8000);
    }
}

internal sealed class EscalationPolicyConfiguration : IEntityTypeConfiguration<EscalationPolicy>
{
    public void Configure(EntityTypeBuilder<EscalationPolicy> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(EscalationPolicy.MaxNameLength);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.Property(p => p.Steps).HasJsonConversion().HasMaxLength(8000);
        builder.HasOne<CalendarDefinition>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationGroupConfiguration : IEntityTypeConfiguration<NotificationGroup>
{
    public void Configure(EntityTypeBuilder<NotificationGroup> builder)
    {
        builder.Property(g => g.GroupKey).HasMaxLength(200);
        builder.HasIndex(g => new { g.RuleId, g.ChannelId, g.GroupKey }).IsUnique();
        builder.HasIndex(g => g.DueAt);
        builder.HasOne<NotificationRule>().WithMany().HasForeignKey(g => g.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationChannel>().WithMany().HasForeignKey(g => g.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(g => g.Alarms).WithOne().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationGroupAlarmConfiguration : IEntityTypeConfiguration<NotificationGroupAlarm>
{
    public void Configure(EntityTypeBuilder<NotificationGroupAlarm> builder)
    {
        builder.HasKey(a => new { a.GroupId, a.AlarmId });
        builder.HasIndex(a => a.AlarmId);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(a => a.AlarmId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlarmRoutingStateConfiguration : IEntityTypeConfiguration<AlarmRoutingState>
{
    public void Configure(EntityTypeBuilder<AlarmRoutingState> builder)
    {
        builder.HasKey(s => s.AlarmId);
        builder.HasIndex(s => s.NextEscalationAt);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(s => s.AlarmId).OnDelete(DeleteBehavior.Cascade);
    }
}
