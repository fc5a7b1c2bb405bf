using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Identity;

namespace Watchkeeper.Server.Duty;

internal sealed class DutyTeamConfiguration : IEntityTypeConfiguration<DutyTeam>
{
    public void Configure(EntityTypeBuilder<DutyTeam> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(DutyTeam.MaxNameLength);
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.LeaderUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Templates).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DutyTeamMemberConfiguration : IEntityTypeConfiguration<DutyTeamMember>
{
    public void Configure(EntityTypeBuilder<DutyTeamMember> builder)
    {
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamShiftTemplateConfiguration : IEntityTypeConfiguration<TeamShiftTemplate>
{
    public void Configure(EntityTypeBuilder<TeamShiftTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(TeamShiftTemplate.MaxNameLength);
        builder.HasIndex(t => new { t.TeamId, t.Name }).IsUnique();
    }
}

internal sealed class DutyShiftConfiguration : IEntityTypeConfiguration<DutyShift>
{
    public void Configure(EntityTypeBuilder<DutyShift> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(TeamShiftTemplate.MaxNameLength);
        builder.HasIndex(s => new { s.TeamId, s.StartAt });
        builder.HasIndex(s => new { s.StartAt, s.EndAt });
        builder.HasOne<DutyTeam>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.LeaderUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.Assignees).WithOne().HasForeignKey(a => a.ShiftId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DutyShiftAssigneeConfiguration : IEntityTypeConfiguration<DutyShiftAssignee>
{
    public void Configure(EntityTypeBuilder<DutyShiftAssignee> builder)
    {
        builder.HasKey(a => new { a.ShiftId, a.UserId });
        builder.HasIndex(a => a.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HandoverNoteConfiguration : IEntityTypeConfiguration<HandoverNote>
{
    public void Configure(EntityTypeBuilder<HandoverNote> builder)
    {
        builder.Property(n => n.Text).HasMaxLength(HandoverNote.MaxTextLength);
        builder.Property(n => n.OpenItems).HasMaxLength(HandoverNote.MaxTextLength);
        builder.Ignore(n => n.IsAcknowledged);
        builder.HasIndex(n => n.ShiftId);
        builder.HasIndex(n => n.IncomingShiftId);
        builder.HasOne<DutyShift>().WithMany().HasForeignKey(n => n.ShiftId).OnDelete(DeleteBehavior.Cascade);

        // The incoming shift's deletion keeps the note: it was written and stays part of the record.
        builder.HasOne<DutyShift>().WithMany().HasForeignKey(n => n.IncomingShiftId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.AcknowledgedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
