using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>
/// <see cref="ISlaPolicies"/> over an in-memory copy of every contract, policy and fault level. The copy is dropped
/// on every edit through the services of this folder, and reloaded at most <see cref="MaxAge"/> after an edit made
/// by another server node.
/// </summary>
public sealed class SlaPolicyCatalog(IDbContextFactory<WatchkeeperDbContext> dbFactory, OrganizationDirectory organizations,
    IOptions<ServiceContractOptions> options, TimeProvider time) : ISlaPolicies
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly TimeZoneInfo _zone = ServiceContractOptions.FindZone(options.Value.TimeZone) ?? TimeZoneInfo.Utc;
    private Catalog? _catalog;
    private long _version;

    public async Task<ContractSummary?> ContractForAsync(long organizationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var catalog = await GetAsync(cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

        // Walks from the organization up to its root. The tree's parent links stop at a missing organization.
        var visited = new HashSet<long>();
        for (var current = tree.Find(organizationId); current is not null && visited.Add(current.Id);
             current = current.ParentId is { } parent ? tree.Find(parent) : null)
        {
            var active = catalog.ContractsByOrganization[current.Id]
                .Where(c => c.StartDate <= day && day <= c.EndDate)
                .OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
                .FirstOrDefault();
            if (active is not null)
            {
                return Summarize(active);
            }
        }

        return null;
    }

    public async Task<ContractSummary?> ContractAsync(long contractId, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Contracts.GetValueOrDefault(contractId) is { } contract ? Summarize(contract) : null;

    public async Task<SlaTermsSnapshot> TermsAsync(long? contractId, int faultLevel, CancellationToken cancellationToken)
    {
        var catalog = await GetAsync(cancellationToken);
        var policy = (contractId is { } id ? catalog.ContractPolicies.GetValueOrDefault((id, faultLevel)) : null)
            ?? catalog.DefaultPolicies.GetValueOrDefault(faultLevel);
        return policy is null
            ? SlaTermsSnapshot.Empty(faultLevel) with { ContractId = contractId }
            : SlaTermsBuilder.Snapshot(policy, contractId, faultLevel);
    }

    public async Task<IReadOnlyList<FaultLevelCriteria>> FaultLevelCriteriaAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Criteria;

    /// <summary>Drops the copy, so that the next call reads the database.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _catalog = null;
    }

    public static ContractSummary Summarize(ServiceContract contract) => new(contract.Id, contract.Number, contract.Name, contract.OrganizationId,
        contract.Level, contract.ProjectManagerUserId, [.. contract.ResidentEngineerUserIds]);

    private async Task<Catalog> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_catalog) is { } cached)
        {
            return cached;
        }

        await _loadLock.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_catalog) is { } loaded)
            {
                return loaded;
            }

            var version = Interlocked.Read(ref _version);
            var catalog = await LoadAsync(cancellationToken);

            // An edit saved while loading may be missing from this copy: serve it to this caller only.
            if (Interlocked.Read(ref _version) == version)
            {
                _catalog = catalog;
            }

            return catalog;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private Catalog? Fresh(Catalog? catalog) => catalog is not null && time.GetUtcNow() - catalog.LoadedAt < MaxAge ? catalog : null;

    private async Task<Catalog> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Shared by every caller, and a ticket's contract may belong to an ancestor outside the user's scope.
        var contracts = await db.ServiceContracts.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
        var policies = await db.SlaPolicies.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
        var levels = await db.FaultLevels.AsNoTracking().OrderBy(l => l.Level).ToListAsync(cancellationToken);

        return new Catalog(
            time.GetUtcNow(),
            contracts.ToDictionary(c => c.Id),
            contracts.ToLookup(c => c.OrganizationId),
            policies.Where(p => p.Kind == SlaPolicyKind.Contract && p.ContractId is not null)
                .GroupBy(p => (p.ContractId!.Value, p.FaultLevel)).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Id).First()),
            policies.Where(p => p.Kind == SlaPolicyKind.Default).GroupBy(p => p.FaultLevel).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Id).First()),
            levels.Count > 0 ? levels.Select(l => l.ToCriteria()).ToList() : FaultLevels.Defaults);
    }

    private sealed record Catalog(
        DateTimeOffset LoadedAt,
        Dictionary<long, ServiceContract> Contracts,
        ILookup<long, ServiceContract> ContractsByOrganization,
        Dictionary<(long ContractId, int FaultLevel), SlaPolicy> ContractPolicies,
        Dictionary<int, SlaPolicy> DefaultPolicies,
        IReadOnlyList<FaultLevelCriteria> Criteria);
}
