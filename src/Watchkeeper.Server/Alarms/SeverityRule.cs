using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Alarms;

/// <summary>
/// Overrides an alarm type's default severity for the alarms it matches. Empty criteria match everything; among the
/// rules that match a new alarm the lowest <see cref="Priority"/> wins, then the lowest id.
/// </summary>
public sealed class SeverityRule
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Matches devices in this organization's subtree; null matches every organization.</summary>
    public long? OrganizationId { get; set; }

    public DeviceKind? DeviceKind { get; set; }

    public AlarmType? AlarmType { get; set; }

    /// <summary>Text the alarm's subject must contain (case-insensitive); empty matches any subject.</summary>
    public string SubjectContains { get; set; } = "";

    public AlarmSeverity Severity { get; set; }

    public int Priority { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SeverityRuleConfiguration : IEntityTypeConfiguration<SeverityRule>
{
    public void Configure(EntityTypeBuilder<SeverityRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.SubjectContains).HasMaxLength(128);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
