using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Audit;

/// <summary>The result of walking the chain: intact, or the id of the first entry whose link is broken and why.</summary>
public sealed record AuditVerification(bool Intact, long? FirstBrokenId, long Checked, string? Reason)
{
    public static AuditVerification Broken(long id, long checkedCount, string chinese, string english) =>
        new(false, id, checkedCount, Bilingual.Join(chinese, english));
}

/// <summary>
/// Walks the audit chain in id order and reports the first broken link. It streams the entries, so memory stays
/// bounded whatever the log's size, and it stops at the head it read first, so appends during the walk do not count.
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var head = await db.Set<AuditChainHead>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken);
        if (head is null)
        {
            return AuditVerification.Broken(1, 0, "审计链头记录缺失，无法确认日志完整。", "The audit chain head row is missing, so the log cannot be confirmed intact.");
        }

        var expectedId = 1L;
        var previousHash = AuditHash.Genesis;
        var entries = db.Set<AuditEntry>().AsNoTracking().Where(e => e.Id <= head.LastId).OrderBy(e => e.Id).AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var checkedCount = expectedId - 1;
            if (entry.Id != expectedId)
            {
                return AuditVerification.Broken(entry.Id, checkedCount,
                    $"编号不连续：缺少第 {expectedId} 条记录。", $"The ids are not consecutive: entry {expectedId} is missing.");
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(entry.Id, checkedCount,
                    "记录中的上一条哈希与上一条记录不符。", "The entry's previous hash does not match the entry before it.");
            }

            if (!string.Equals(AuditHash.Compute(entry), entry.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(entry.Id, checkedCount,
                    "记录内容与其哈希不符，记录已被修改。", "The entry's content does not match its hash: the entry was changed.");
            }

            previousHash = entry.Hash;
            expectedId++;
        }

        var verified = expectedId - 1;
        if (verified != head.LastId || !string.Equals(previousHash, head.LastHash, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(expectedId, verified,
                $"链头指向第 {head.LastId} 条记录，但日志只连续校验到第 {verified} 条：其后的记录缺失或被替换。",
                $"The chain head names entry {head.LastId}, but the log verifies only up to entry {verified}: later entries are missing or were replaced.");
        }

        return new AuditVerification(true, null, verified, null);
    }
}
