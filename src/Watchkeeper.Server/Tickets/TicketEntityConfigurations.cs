using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tickets;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Number).HasMaxLength(32);
        // A ticket gets its number in the transaction that inserts it, after the id.
        builder.HasIndex(t => t.Number).IsUnique().HasFilter("number <> ''");
        builder.Property(t => t.Title).HasMaxLength(Ticket.MaxTitleLength);
        builder.Property(t => t.Description).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(t => t.Category).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.CallPriority).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.StateBeforePause).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.PauseReason).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Closure).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.AssigneeUserId).HasMaxLength(64);
        builder.Property(t => t.RequesterName).HasMaxLength(100);
        builder.Property(t => t.RequesterContact).HasMaxLength(200);
        builder.Property(t => t.RequesterUserId).HasMaxLength(64);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
        builder.Property(t => t.ArrivalLocation).HasMaxLength(200);
        builder.Property(t => t.Cause).HasMaxLength(Ticket.MaxNoteLength);
        builder.Property(t => t.Solution).HasMaxLength(Ticket.MaxNoteLength);
        builder.Property(t => t.RatingComment).HasMaxLength(1000);
        builder.Property(t => t.Terms).HasJsonRecordConversion().HasMaxLength(20000);
        builder.Property<int>(TicketVersion.Property).IsConcurrencyToken();

        // The clock worker's query, the queues and the "breaching within the hour" view.
        builder.HasIndex(t => t.NextNoticeAt);
        builder.HasIndex(t => t.NextDueAt);
        builder.HasIndex(t => new { t.State, t.CallPriority, t.CreatedAt });
        builder.HasIndex(t => new { t.AssigneeUserId, t.State });
        builder.HasIndex(t => new { t.OrganizationId, t.State });
        builder.HasIndex(t => new { t.IsBreached, t.State });
        builder.HasIndex(t => t.RequesterUserId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(t => t.Activities).WithOne().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Activities).HasField("_activities").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TicketActivityConfiguration : IEntityTypeConfiguration<TicketActivity>
{
    public void Configure(EntityTypeBuilder<TicketActivity> builder)
    {
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Field).HasMaxLength(64);
        builder.Property(a => a.OldValue).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(a => a.NewValue).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(a => a.Note).HasMaxLength(Ticket.MaxNoteLength);
        builder.Property(a => a.Terms).HasJsonRecordConversion().HasMaxLength(20000);
        builder.Property(a => a.MarkKey).HasMaxLength(96);
        builder.Ignore(a => a.ClockAt);
        builder.HasIndex(a => new { a.TicketId, a.Action });

        // A crossing is acted on once: a second worker acting on the same one fails to save.
        builder.HasIndex(a => new { a.TicketId, a.MarkKey }).IsUnique().HasFilter("mark_key IS NOT NULL");
    }
}

internal sealed class TicketDeviceConfiguration : IEntityTypeConfiguration<TicketDevice>
{
    public void Configure(EntityTypeBuilder<TicketDevice> builder)
    {
        builder.HasKey(x => new { x.TicketId, x.DeviceId });
        builder.HasIndex(x => x.DeviceId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Device>().WithMany().HasForeignKey(x => x.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketAlarmConfiguration : IEntityTypeConfiguration<TicketAlarm>
{
    public void Configure(EntityTypeBuilder<TicketAlarm> builder)
    {
        builder.HasKey(x => new { x.TicketId, x.AlarmId });
        builder.HasIndex(x => x.AlarmId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(x => x.AlarmId).OnDelete(DeleteBehavior.Cascade);
    }
}
