using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Changes;

internal sealed class ChangeRequestConfiguration : IEntityTypeConfiguration<ChangeRequest>
{
    public void Configure(EntityTypeBuilder<ChangeRequest> builder)
    {
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.HasIndex(c => c.Number).IsUnique().HasFilter("number <> ''");
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Risk).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Title).HasMaxLength(ChangeLimits.TitleLength);
        builder.Property(c => c.Reason).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(c => c.Description).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(c => c.AffectedSystems).HasMaxLength(ChangeLimits.NoteLength);
        builder.Property(c => c.RollbackPlan).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(c => c.ImplementerUserId).HasMaxLength(64);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.Property(c => c.DeviceIds).HasJsonConversion().HasMaxLength(100_000);
        builder.Property(c => c.OrganizationIds).HasJsonConversion().HasMaxLength(10_000);
        builder.Property(c => c.PlanAuthors).HasJsonConversion().HasMaxLength(4000);
        builder.Property(c => c.ApprovalSteps).HasJsonConversion().HasMaxLength(20_000);
        builder.Property(c => c.Regressions).HasJsonConversion().HasMaxLength(100_000);
        builder.Property(c => c.HealthBefore).HasJsonConversion().HasMaxLength(1_000_000);
        builder.Property(c => c.ClosureResults).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(c => c.RestoredSettings).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(c => c.RegressionExplanation).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(c => c.ReviewNote).HasMaxLength(ChangeLimits.TextLength);
        builder.Property<int>(ChangeVersion.Property).IsConcurrencyToken();
        builder.OwnsOne(c => c.Permit, permit =>
        {
            permit.Property(p => p.Number).HasMaxLength(32);
            permit.Property(p => p.ResponsibleUserId).HasMaxLength(64);
            permit.Property(p => p.SafetyMeasures).HasMaxLength(ChangeLimits.TextLength);
            permit.Property(p => p.IssuedBy).HasMaxLength(256);
        });
        builder.Ignore(c => c.CurrentApprovals);
        builder.Ignore(c => c.CurrentNotice);

        builder.HasIndex(c => new { c.OrganizationId, c.State });
        builder.HasIndex(c => new { c.State, c.PlannedStart });
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(c => c.Activities).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Activities).HasField("_activities").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Approvals).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Approvals).HasField("_approvals").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Delegations).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Delegations).HasField("_delegations").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Backups).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Backups).HasField("_backups").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.TrialRuns).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.TrialRuns).HasField("_trialRuns").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Notices).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Notices).HasField("_notices").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.PlanVersions).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.PlanVersions).HasField("_planVersions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Versions).WithOne().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Versions).HasField("_versions").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ChangeActivityConfiguration : IEntityTypeConfiguration<ChangeActivity>
{
    public void Configure(EntityTypeBuilder<ChangeActivity> builder)
    {
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Field).HasMaxLength(200);
        builder.Property(a => a.OldValue).HasMaxLength(ChangeLimits.NoteLength);
        builder.Property(a => a.NewValue).HasMaxLength(ChangeLimits.NoteLength);
        builder.Property(a => a.Note).HasMaxLength(ChangeLimits.TextLength);
        builder.HasIndex(a => new { a.ChangeRequestId, a.Action });
    }
}

internal sealed class ChangeApprovalConfiguration : IEntityTypeConfiguration<ChangeApproval>
{
    public void Configure(EntityTypeBuilder<ChangeApproval> builder)
    {
        builder.Property(a => a.StepName).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(a => a.Entry).HasMaxLength(128);
        builder.Property(a => a.UserId).HasMaxLength(64);
        builder.Property(a => a.OnBehalfOfUserId).HasMaxLength(64);
        builder.Property(a => a.Comment).HasMaxLength(ChangeLimits.NoteLength);

        // A user decides once per step and round, also when two approvals of one user race.
        builder.HasIndex(a => new { a.ChangeRequestId, a.Round, a.StepName, a.UserId }).IsUnique();
    }
}

internal sealed class ChangeDelegationConfiguration : IEntityTypeConfiguration<ChangeDelegation>
{
    public void Configure(EntityTypeBuilder<ChangeDelegation> builder)
    {
        builder.Property(a => a.StepName).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(a => a.Entry).HasMaxLength(128);
        builder.Property(a => a.FromUserId).HasMaxLength(64);
        builder.Property(a => a.ToUserId).HasMaxLength(64);
        builder.HasIndex(a => a.ChangeRequestId);
    }
}

internal sealed class ChangeBackupConfiguration : IEntityTypeConfiguration<ChangeBackup>
{
    public void Configure(EntityTypeBuilder<ChangeBackup> builder)
    {
        builder.Property(b => b.What).HasMaxLength(ChangeLimits.NoteLength);
        builder.Property(b => b.Location).HasMaxLength(1000);
        builder.Property(b => b.Sha256).HasMaxLength(64);
        builder.Property(b => b.RecordedBy).HasMaxLength(256);
        builder.HasIndex(b => b.ChangeRequestId);
    }
}

internal sealed class ChangeTrialRunConfiguration : IEntityTypeConfiguration<ChangeTrialRun>
{
    public void Configure(EntityTypeBuilder<ChangeTrialRun> builder)
    {
        builder.Property(t => t.Environment).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(t => t.Steps).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(t => t.Results).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(t => t.Evidence).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(t => t.SignedOffBy).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(t => t.RecordedBy).HasMaxLength(256);
        builder.HasIndex(t => t.ChangeRequestId);
    }
}

internal sealed class ChangeNoticeConfiguration : IEntityTypeConfiguration<ChangeNotice>
{
    public void Configure(EntityTypeBuilder<ChangeNotice> builder)
    {
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.ImpactScope).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(n => n.Countermeasures).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(n => n.Contact).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(n => n.SentBy).HasMaxLength(256);
        builder.HasIndex(n => new { n.ChangeRequestId, n.SentAt });
        builder.HasIndex(n => n.WindowEnd);
    }
}

internal sealed class ChangePlanVersionConfiguration : IEntityTypeConfiguration<ChangePlanVersion>
{
    public void Configure(EntityTypeBuilder<ChangePlanVersion> builder)
    {
        builder.Property(v => v.Content).HasMaxLength(ChangeLimits.PlanLength);
        builder.Property(v => v.Author).HasMaxLength(256);
        builder.Property(v => v.Note).HasMaxLength(ChangeLimits.NoteLength);
        builder.HasIndex(v => new { v.ChangeRequestId, v.Version }).IsUnique();
    }
}

internal sealed class ChangeVersionRecordConfiguration : IEntityTypeConfiguration<ChangeVersionRecord>
{
    public void Configure(EntityTypeBuilder<ChangeVersionRecord> builder)
    {
        builder.Property(v => v.Component).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(v => v.VersionBefore).HasMaxLength(100);
        builder.Property(v => v.VersionAfter).HasMaxLength(100);
        builder.Property(v => v.RecordedBy).HasMaxLength(256);
        builder.HasIndex(v => v.ChangeRequestId);
        builder.HasIndex(v => v.DeviceId);
    }
}

internal sealed class ChangeApprovalChainConfiguration : IEntityTypeConfiguration<ChangeApprovalChain>
{
    public void Configure(EntityTypeBuilder<ChangeApprovalChain> builder)
    {
        builder.HasKey(c => c.Type);
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Steps).HasJsonConversion().HasMaxLength(20_000);
        builder.Property(c => c.UpdatedBy).HasMaxLength(256);
        builder.HasData(ChangeApprovalChain.Defaults());
    }
}
