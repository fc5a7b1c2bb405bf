using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Watchkeeper.Server.Identity.PersonalAccessTokens;

/// <summary>
/// A named, scoped and expiring API credential that a user creates for a script. Only the SHA-256 hash of the
/// secret is stored; the token text is shown once, at creation.
/// </summary>
public sealed class PersonalAccessToken
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>The public part of the token text, shown in lists so that the user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the secret part of the token text (32 bytes).</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>Permission names (<c>devices.view</c>); a request needs the permission both here and in the user's roles.</summary>
    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Updated at most once a minute, so that a busy script does not write on every request.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public PersonalAccessTokenState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? PersonalAccessTokenState.Revoked
        : ExpiresAt <= now ? PersonalAccessTokenState.Expired
        : PersonalAccessTokenState.Active;
}

public enum PersonalAccessTokenState
{
    Active,
    Expired,
    Revoked,
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(PersonalAccessToken.MaxNameLength);
        builder.Property(t => t.Prefix).HasMaxLength(PersonalAccessTokenText.PrefixLength);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.HasIndex(t => t.Prefix).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
