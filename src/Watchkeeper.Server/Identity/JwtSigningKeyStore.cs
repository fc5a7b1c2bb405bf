using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Identity;

/// <summary>
/// Holds the key that signs and validates bearer tokens: from configuration, else from the database,
/// else generated and stored there once. The stored key is encrypted with Data Protection.
/// </summary>
public sealed class JwtSigningKeyStore(IOptions<JwtOptions> options, IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time,
    IDataProtectionProvider dataProtection, ILogger<JwtSigningKeyStore> logger)
{
    internal const string SettingKey = "jwt.signing-key";
    private const int MinimumKeyBytes = 32;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Watchkeeper.Identity.JwtSigningKey.v1");

    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The JWT signing key is not loaded; call LoadAsync at start-up.");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            if (bytes.Length < MinimumKeyBytes)
            {
                throw new InvalidOperationException($"Jwt:SigningKey is {bytes.Length} bytes long; use at least {MinimumKeyBytes} bytes.");
            }

            _key = new SymmetricSecurityKey(bytes);
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.PlatformSettings.FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        if (stored is null)
        {
            stored = new PlatformSetting
            {
                Key = SettingKey,
                Value = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))),
                UpdatedAt = time.GetUtcNow(),
            };
            db.PlatformSettings.Add(stored);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node stored its key first: use that one.
                db.ChangeTracker.Clear();
                stored = await db.PlatformSettings.FirstAsync(s => s.Key == SettingKey, cancellationToken);
            }
        }

        _key = new SymmetricSecurityKey(Convert.FromBase64String(await ReadStoredAsync(db, stored, cancellationToken)));
    }

    /// <summary>
    /// Decrypts the stored key. A key that earlier versions stored in plain Base64 is encrypted in place, so that
    /// the tokens it signed stay valid.
    /// </summary>
    private async Task<string> ReadStoredAsync(WatchkeeperDbContext db, PlatformSetting stored, CancellationToken cancellationToken)
    {
        try
        {
            return _protector.Unprotect(stored.Value);
        }
        catch (CryptographicException) when (IsPlainKey(stored.Value))
        {
            var plain = stored.Value;
            stored.Value = _protector.Protect(plain);
            stored.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Encrypted the stored JWT signing key, which was kept in plain text");
            return plain;
        }
    }

    private static bool IsPlainKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= MinimumKeyBytes;
    }
}
