using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// A ticketing rule: which root alarms open a ticket by themselves, after how long, and with which category and level.
/// Empty lists match everything. When several rules match one alarm, the one with the lowest id opens the ticket.
/// </summary>
public sealed class TicketRule
{
    public const int MaxNameLength = 100;
    public const int MaxDelayMinutes = 7 * 24 * 60;

    public long Id { get; set; }

    public string Name { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Matches devices in this organization's subtree; null matches every organization.</summary>
    public long? OrganizationId { get; set; }

    public List<DeviceKind> DeviceKinds { get; set; } = [];

    public List<AlarmType> AlarmTypes { get; set; } = [];

    /// <summary>The least severe alarm that matches: Major matches Critical and Major alarms.</summary>
    public AlarmSeverity MinSeverity { get; set; } = AlarmSeverity.Major;

    /// <summary>How long, in minutes, the alarm must stay unresolved before the ticket opens; 0 opens it at once.</summary>
    public int DelayMinutes { get; set; }

    public FaultCategory Category { get; set; } = FaultCategory.Other;

    /// <summary>The fault level of the tickets; null suggests it from the alarm and the number of its consequences.</summary>
    public int? FaultLevel { get; set; }

    /// <summary>Whether new tickets go at once to an engineer on duty (see <see cref="TicketAssigner"/>).</summary>
    public bool AutoAssign { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The severities that match, from Critical down to <see cref="MinSeverity"/>.</summary>
    public IReadOnlyList<AlarmSeverity> MatchingSeverities() => [.. Enum.GetValues<AlarmSeverity>().Where(s => s <= MinSeverity)];
}

/// <summary>
/// The ticket a rule opened for a root alarm. The alarm id is the key, so one root alarm opens at most one ticket even
/// when two workers race: the second insert fails and rolls its ticket back.
/// </summary>
public sealed class TicketAlarmOrigin
{
    public long AlarmId { get; set; }

    public long TicketId { get; set; }

    /// <summary>The rule that opened the ticket; null after the rule was deleted.</summary>
    public long? RuleId { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>The root alarm's resolution time that the ticket's log already records, so that each resolution is logged once.</summary>
    public DateTimeOffset? RecoveryLoggedFor { get; set; }
}

internal sealed class TicketRuleConfiguration : IEntityTypeConfiguration<TicketRule>
{
    public void Configure(EntityTypeBuilder<TicketRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(TicketRule.MaxNameLength);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.DeviceKinds).HasJsonConversion().HasMaxLength(400);
        builder.Property(r => r.AlarmTypes).HasJsonConversion().HasMaxLength(2000);
        builder.Property(r => r.MinSeverity).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(24);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketAlarmOriginConfiguration : IEntityTypeConfiguration<TicketAlarmOrigin>
{
    public void Configure(EntityTypeBuilder<TicketAlarmOrigin> builder)
    {
        builder.HasKey(o => o.AlarmId);
        builder.HasIndex(o => o.TicketId);
        builder.HasOne<Alarm>().WithMany().HasForeignKey(o => o.AlarmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(o => o.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TicketRule>().WithMany().HasForeignKey(o => o.RuleId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>A fault category an engineer is skilled in; automatic assignment prefers engineers whose skills match.</summary>
public sealed class EngineerSkill
{
    public required string UserId { get; set; }

    public FaultCategory Category { get; set; }
}

internal sealed class EngineerSkillConfiguration : IEntityTypeConfiguration<EngineerSkill>
{
    public void Configure(EntityTypeBuilder<EngineerSkill> builder)
    {
        builder.HasKey(s => new { s.UserId, s.Category });
        builder.Property(s => s.UserId).HasMaxLength(64);
        builder.Property(s => s.Category).HasConversion<string>().HasMaxLength(24);
        builder.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
