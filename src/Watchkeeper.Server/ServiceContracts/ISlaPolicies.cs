using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>The service contracts and SLA terms that ticket code reads, past the organization scope.</summary>
public interface ISlaPolicies
{
    /// The contract covering the organization (its own or the nearest ancestor's, active at `at`), or null.
    Task<ContractSummary?> ContractForAsync(long organizationId, DateTimeOffset at, CancellationToken cancellationToken);

    /// The contract with the id, active or not, or null when there is none.
    Task<ContractSummary?> ContractAsync(long contractId, CancellationToken cancellationToken);

    /// The terms for a fault level under a contract (its policy, or the default policy when the contract has
    /// none for that level, or when contractId is null), as a snapshot with ContractId and PolicyId set.
    Task<SlaTermsSnapshot> TermsAsync(long? contractId, int faultLevel, CancellationToken cancellationToken);

    Task<IReadOnlyList<FaultLevelCriteria>> FaultLevelCriteriaAsync(CancellationToken cancellationToken);
}

public sealed record ContractSummary(long Id, string Number, string Name, long OrganizationId, ServiceLevel Level,
    string? ProjectManagerUserId, IReadOnlyList<string> ResidentEngineerUserIds);

/// <summary>
/// Told after SLA policies or contracts change, so that open tickets can take the new terms from the change on.
/// Every registered observer is called once per saved edit.
/// </summary>
public interface ISlaPolicyObserver
{
    /// <summary>
    /// Handles an edit of the policies with <paramref name="policyIds"/>: changed, deleted, or a default policy that a
    /// contract's new policy now replaces.
    /// </summary>
    Task PolicyChangedAsync(IReadOnlyList<long> policyIds, CancellationToken cancellationToken);
}
