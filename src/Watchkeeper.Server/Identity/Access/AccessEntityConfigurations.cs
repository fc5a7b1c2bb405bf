using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Identity.Access;

internal sealed class ApplicationRoleConfiguration : IEntityTypeConfiguration<ApplicationRole>
{
    public void Configure(EntityTypeBuilder<ApplicationRole> builder)
    {
        builder.Property(r => r.DisplayName).HasMaxLength(ApplicationRole.MaxDisplayNameLength);
        builder.Property(r => r.Description).HasMaxLength(500);
    }
}

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.DingTalkId).HasMaxLength(64);
        builder.Property(u => u.WeComId).HasMaxLength(64);
        builder.Property(u => u.FeishuId).HasMaxLength(64);
    }
}

internal sealed class UserOrganizationConfiguration : IEntityTypeConfiguration<UserOrganization>
{
    public void Configure(EntityTypeBuilder<UserOrganization> builder)
    {
        builder.HasKey(m => new { m.UserId, m.OrganizationId });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.OrganizationId);
    }
}
