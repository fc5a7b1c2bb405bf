namespace Watchkeeper.Core.Organizations;

/// <summary>
/// An immutable snapshot of the organization tree, for descendant filters and path lookups.
/// </summary>
/// <remarks>
/// Organization trees hold hundreds to a few thousand nodes, so the whole tree is kept in memory and
/// filters expand an organization to the ids of its subtree instead of storing materialized paths.
/// </remarks>
public sealed class OrganizationTree
{
    private readonly Dictionary<long, Organization> _byId;
    private readonly Dictionary<long, List<Organization>> _children;
    private readonly List<Organization> _roots;

    public OrganizationTree(IEnumerable<Organization> organizations)
    {
        _byId = organizations.ToDictionary(o => o.Id);
        _children = [];
        _roots = [];
        foreach (var organization in _byId.Values.OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id))
        {
            if (organization.ParentId is { } parentId && _byId.ContainsKey(parentId))
            {
                if (!_children.TryGetValue(parentId, out var list))
                {
                    list = [];
                    _children[parentId] = list;
                }

                list.Add(organization);
            }
            else
            {
                _roots.Add(organization);
            }
        }
    }

    public static OrganizationTree Empty { get; } = new([]);

    public IReadOnlyList<Organization> Roots => _roots;

    public int Count => _byId.Count;

    public Organization? Find(long id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<Organization> ChildrenOf(long id) =>
        _children.TryGetValue(id, out var list) ? list : [];

    /// <summary>Returns the id of the organization and of every organization below it.</summary>
    public IReadOnlyList<long> SubtreeIds(long id)
    {
        if (!_byId.ContainsKey(id))
        {
            return [];
        }

        var result = new List<long>();
        var pending = new Stack<long>();
        pending.Push(id);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            result.Add(current);
            foreach (var child in ChildrenOf(current))
            {
                pending.Push(child.Id);
            }
        }

        return result;
    }

    /// <summary>Returns the names from the root down to the organization, joined by '/'.</summary>
    public string PathOf(long id)
    {
        var names = new List<string>();
        var seen = new HashSet<long>();
        for (var node = Find(id); node is not null && seen.Add(node.Id); node = node.ParentId is { } p ? Find(p) : null)
        {
            names.Add(node.Name);
        }

        names.Reverse();
        return string.Join(Organization.PathSeparator, names);
    }

    /// <summary>Finds the organization at a name path such as 某市公安局/城区分局, or null.</summary>
    public Organization? FindByPath(IReadOnlyList<string> names)
    {
        Organization? node = null;
        foreach (var name in names)
        {
            var candidates = node is null ? _roots : ChildrenOf(node.Id);
            node = candidates.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Returns true when <paramref name="ancestorId"/> is the organization itself or above it.</summary>
    public bool IsInSubtree(long organizationId, long ancestorId)
    {
        var seen = new HashSet<long>();
        for (var node = Find(organizationId); node is not null && seen.Add(node.Id); node = node.ParentId is { } p ? Find(p) : null)
        {
            if (node.Id == ancestorId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a ledger path on '/', trimming each name and dropping empty ones.</summary>
    public static IReadOnlyList<string> SplitPath(string path) =>
        path.Split(Organization.PathSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
