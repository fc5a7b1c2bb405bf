using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Watchkeeper.Server.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "audit_entries";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(e => e.Id);

        // Ids come from the chain head, never from the database, so that they stay gapless.
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.UserId).HasMaxLength(AuditEntry.MaxUserLength);
        builder.Property(e => e.UserName).HasMaxLength(AuditEntry.MaxUserLength);
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.RemoteAddress).HasMaxLength(AuditEntry.MaxAddressLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength);
        builder.Property(e => e.EntityType).HasMaxLength(AuditEntry.MaxEntityTypeLength);
        builder.Property(e => e.EntityId).HasMaxLength(AuditEntry.MaxEntityIdLength);
        builder.Property(e => e.Summary).HasMaxLength(AuditEntry.MaxSummaryLength);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.PreviousHash).HasMaxLength(AuditEntry.HashLength);
        builder.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength);

        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.UserId, e.At });
        builder.HasIndex(e => new { e.Action, e.At });
        builder.HasIndex(e => new { e.EntityType, e.At });
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public const string Table = "audit_chain_head";

    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(AuditEntry.HashLength);
        builder.HasData(new AuditChainHead { Id = AuditChainHead.SingletonId, LastId = 0, LastHash = AuditHash.Genesis });
    }
}
