using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Identity.Sessions;

/// <summary>
/// Caches each user's security stamp fingerprint, so that a bearer token is checked against the database at most
/// once per <see cref="MaxAge"/>. After "sign out everywhere" on another node, old tokens stop working within that
/// time; on the node that changed the stamp, at once.
/// </summary>
public sealed class SecurityStampCache(IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (string? Fingerprint, DateTimeOffset LoadedAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Derives the value a bearer token carries in place of the stamp. Identity derives e-mail and phone codes from
    /// the stamp itself, and a JWT is only signed, not encrypted, so the token must not reveal it.
    /// </summary>
    public static string Fingerprint(string? securityStamp)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("watchkeeper-bearer:" + securityStamp));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Returns the fingerprint of the user's current stamp, or null when the user does not exist.</summary>
    public async ValueTask<string?> GetFingerprintAsync(string userId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(userId, out var entry) && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return entry.Fingerprint;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp })
            .FirstOrDefaultAsync(cancellationToken);
        var fingerprint = user is null ? null : Fingerprint(user.SecurityStamp);
        _cache[userId] = (fingerprint, time.GetUtcNow());
        return fingerprint;
    }

    public void Invalidate(string userId) => _cache.TryRemove(userId, out _);
}
