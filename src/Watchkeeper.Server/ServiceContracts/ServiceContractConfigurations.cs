using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity;

namespace Watchkeeper.Server.ServiceContracts;

internal sealed class ServiceContractConfiguration : IEntityTypeConfiguration<ServiceContract>
{
    public void Configure(EntityTypeBuilder<ServiceContract> builder)
    {
        builder.ToTable("service_contracts");
        builder.Property(c => c.Number).HasMaxLength(ServiceContract.MaxNumberLength);
        builder.HasIndex(c => c.Number).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(ServiceContract.MaxNameLength);
        builder.Property(c => c.Notes).HasMaxLength(ServiceContract.MaxNotesLength);
        builder.Property(c => c.Level).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ResidentEngineerUserIds).HasJsonConversion().HasMaxLength(8000);
        builder.Property(c => c.Contacts).HasJsonConversion().HasMaxLength(8000);
        builder.HasIndex(c => new { c.OrganizationId, c.StartDate });
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.ProjectManagerUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FaultLevelDefinitionConfiguration : IEntityTypeConfiguration<FaultLevelDefinition>
{
    public void Configure(EntityTypeBuilder<FaultLevelDefinition> builder)
    {
        builder.ToTable("fault_levels");
        builder.HasKey(l => l.Level);
        builder.Property(l => l.Level).ValueGeneratedNever();
        builder.Property(l => l.NameZh).HasMaxLength(FaultLevelDefinition.MaxNameLength);
        builder.Property(l => l.NameEn).HasMaxLength(FaultLevelDefinition.MaxNameLength);
        builder.Property(l => l.DescriptionZh).HasMaxLength(FaultLevelDefinition.MaxDescriptionLength);
        builder.Property(l => l.DescriptionEn).HasMaxLength(FaultLevelDefinition.MaxDescriptionLength);
        builder.Property(l => l.DeviceKinds).HasJsonConversion().HasMaxLength(1000);
        builder.HasData(SlaPolicySeed.FaultLevels());
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.ToTable("sla_policies");

        // The seeded policies take the ids below this one, and PostgreSQL's identity would otherwise hand them out again.
        builder.Property(p => p.Id).HasIdentityOptions(startValue: SlaPolicySeed.FirstUserPolicyId);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.Targets).HasJsonConversion().HasMaxLength(4000);
        builder.Property(p => p.WarningPercents).HasJsonConversion().HasMaxLength(1000);
        builder.Property(p => p.WarningNotify).HasJsonConversion().HasMaxLength(4000);
        builder.Property(p => p.BreachNotify).HasJsonConversion().HasMaxLength(4000);
        builder.Property(p => p.Steps).HasJsonConversion().HasMaxLength(16000);
        builder.Property(p => p.UnassignedNotify).HasJsonConversion().HasMaxLength(4000);
        builder.Property(p => p.UnacceptedNotify).HasJsonConversion().HasMaxLength(4000);
        builder.HasIndex(p => new { p.Kind, p.ContractId, p.FaultLevel });
        builder.HasOne<ServiceContract>().WithMany().HasForeignKey(p => p.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasData(SlaPolicySeed.Policies());
    }
}
