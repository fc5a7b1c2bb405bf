using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Alarms;

internal sealed class AlarmIncidentConfiguration : IEntityTypeConfiguration<AlarmIncident>
{
    public void Configure(EntityTypeBuilder<AlarmIncident> builder)
    {
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.HasIndex(i => new { i.OrganizationId, i.EndedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlarmLinkConfiguration : IEntityTypeConfiguration<AlarmLink>
{
    public void Configure(EntityTypeBuilder<AlarmLink> builder)
    {
        builder.Property(l => l.CreatedBy).HasMaxLength(256);
        builder.Property(l => l.Note).HasMaxLength(500);
        builder.HasIndex(l => new { l.AlarmId, l.LinkedAlarmId }).IsUnique();
        builder.HasIndex(l => l.LinkedAlarmId);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(l => l.AlarmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(l => l.LinkedAlarmId).OnDelete(DeleteBehavior.NoAction);
    }
}
