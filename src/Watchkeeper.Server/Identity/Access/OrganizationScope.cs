namespace Watchkeeper.Server.Identity.Access;

/// <summary>
/// The organizations whose records a user may see: either all of them, or a fixed set of ids that already
/// includes every descendant of the organizations the user belongs to.
/// </summary>
public sealed class OrganizationScope
{
    private static readonly AsyncLocal<OrganizationScope?> s_current = new();

    private OrganizationScope(bool isUnrestricted, IReadOnlySet<long> organizationIds)
    {
        IsUnrestricted = isUnrestricted;
        OrganizationIds = organizationIds;
        QueryIds = [.. organizationIds.Order()];
    }

    /// <summary>Sees every organization: administrators, and background work that acts for nobody.</summary>
    public static OrganizationScope Unrestricted { get; } = new(true, new HashSet<long>());

    /// <summary>Sees nothing: an anonymous request, or a user who belongs to no organization.</summary>
    public static OrganizationScope Nothing { get; } = new(false, new HashSet<long>());

    public bool IsUnrestricted { get; }

    /// <summary>The visible organizations, descendants included; empty when <see cref="IsUnrestricted"/>.</summary>
    public IReadOnlySet<long> OrganizationIds { get; }

    /// <summary>
    /// <see cref="OrganizationIds"/> as a sorted array, the form the database query filters pass as a parameter.
    /// Callers must not change it.
    /// </summary>
    internal long[] QueryIds { get; }

    /// <summary>
    /// The scope of the user the current request or console event acts for. Null outside a user's work,
    /// which database queries read as unrestricted.
    /// </summary>
    public static OrganizationScope? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>
    /// Clears <see cref="Current"/> until the returned value is disposed, for system work that a user's request
    /// triggers: rebuilding a shared cache must read every organization, whoever asked for it.
    /// </summary>
    public static SystemWork BeginSystemWork()
    {
        var previous = Current;
        Current = null;
        return new SystemWork(previous);
    }

    public static OrganizationScope Of(IEnumerable<long> organizationIds)
    {
        var ids = organizationIds.ToHashSet();
        return ids.Count == 0 ? Nothing : new OrganizationScope(false, ids);
    }

    public bool Includes(long organizationId) => IsUnrestricted || OrganizationIds.Contains(organizationId);

    public bool Includes(long? organizationId) => IsUnrestricted || (organizationId is { } id && OrganizationIds.Contains(id));
}

/// <summary>Restores the scope that <see cref="OrganizationScope.BeginSystemWork"/> cleared.</summary>
public readonly struct SystemWork(OrganizationScope? previous) : IDisposable
{
    public void Dispose() => OrganizationScope.Current = previous;
}
