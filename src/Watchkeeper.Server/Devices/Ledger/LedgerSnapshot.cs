using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>The ledger as an import finds it: every device and the organization tree, read in the import's transaction.</summary>
internal sealed class LedgerSnapshot
{
    private readonly Dictionary<string, Device> _byCode;
    private readonly Dictionary<long, Device> _byId;
    private Dictionary<long, List<Device>>? _children;

    public LedgerSnapshot(IReadOnlyList<Device> devices, OrganizationTree organizations)
    {
        _byCode = devices.ToDictionary(d => d.Code, StringComparer.Ordinal);
        _byId = devices.ToDictionary(d => d.Id);
        Organizations = organizations;
    }

    public OrganizationTree Organizations { get; }

    public Device? FindByCode(string code) => _byCode.GetValueOrDefault(code);

    public Device? FindById(long id) => _byId.GetValueOrDefault(id);

    public string? ParentCodeOf(Device device) => device.ParentId is { } parentId ? FindById(parentId)?.Code : null;

    public IReadOnlyList<Device> ChildrenOf(long id)
    {
        _children ??= _byId.Values.Where(d => d.ParentId is not null)
            .GroupBy(d => d.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.ToList());
        return _children.TryGetValue(id, out var children) ? children : [];
    }
}

/// <summary>An organization that the import creates because a path names a level the tree lacks.</summary>
internal sealed class PlannedOrganization(Organization entity, PlannedOrganization? parent, int depth)
{
    /// <summary>The row to insert, whose <see cref="Organization.ParentId"/> is set once <see cref="Parent"/> has an id.</summary>
    public Organization Entity { get; } = entity;

    public PlannedOrganization? Parent { get; } = parent;

    /// <summary>Levels below the deepest existing organization, from 0.</summary>
    public int Depth { get; } = depth;
}

/// <summary>Finds each organization path in the tree, planning the levels it lacks once per distinct path.</summary>
internal sealed class OrganizationPathResolver(OrganizationTree tree, List<PlannedOrganization> planned, DateTimeOffset now)
{
    private readonly Dictionary<string, (long? Id, PlannedOrganization? Planned)> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<(long? ParentId, PlannedOrganization? Parent, string Name), PlannedOrganization> _created = [];

    /// <summary>Returns the id of an existing organization, or the planned organization at the end of the path.</summary>
    public (long? Id, PlannedOrganization? Planned) Resolve(IReadOnlyList<string> names)
    {
        var key = string.Join(Organization.PathSeparator, names);
        if (_paths.TryGetValue(key, out var found))
        {
            return found;
        }

        long? existing = null;
        PlannedOrganization? current = null;
        foreach (var name in names)
        {
            if (current is null)
            {
                var siblings = existing is { } parentId ? tree.ChildrenOf(parentId) : tree.Roots;
                var match = siblings.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
                if (match is not null)
                {
                    existing = match.Id;
                    continue;
                }
            }

            current = Plan(existing, current, name);
        }

        var result = current is null ? (existing, (PlannedOrganization?)null) : ((long?)null, current);
        _paths[key] = result;
        return result;
    }

    private PlannedOrganization Plan(long? existingParentId, PlannedOrganization? parent, string name)
    {
        var key = (parent is null ? existingParentId : null, parent, name);
        if (_created.TryGetValue(key, out var known))
        {
            return known;
        }

        var entity = new Organization { Name = name, ParentId = parent is null ? existingParentId : null, CreatedAt = now };
        var organization = new PlannedOrganization(entity, parent, parent is null ? 0 : parent.Depth + 1);
        _created[key] = organization;
        planned.Add(organization);
        return organization;
    }
}
