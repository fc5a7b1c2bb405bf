using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// Changes a ticket's descriptive fields; a field left out keeps its value. A new organization brings the contract
/// that covers it, unless <see cref="ContractId"/> names one; a new contract brings its SLA terms from the change on.
/// </summary>
public sealed record TicketEditInput(
    string? Title = null,
    string? Description = null,
    string? Category = null,
    long? OrganizationId = null,
    string? RequesterName = null,
    string? RequesterContact = null,
    string? CallPriority = null,
    long? ContractId = null,
    string? Reason = null);

public sealed partial class TicketService
{
    /// <summary>Applies the edit and returns the ticket's id; every invalid field is named at once.</summary>
    public async Task<Result<long>> EditAsync(long id, TicketEditInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var title = input.Title?.Trim();
        if (title is { Length: 0 or > Ticket.MaxTitleLength })
        {
            errors.Add(TicketApiErrors.TitleInvalid(input.Title));
        }

        var description = input.Description?.Trim();
        if (description?.Length > Ticket.MaxDescriptionLength)
        {
            errors.Add(TicketApiErrors.DescriptionTooLong(description.Length));
        }

        FaultCategory? category = input.Category is null ? null : ParseEnum(input.Category, "category", FaultCategory.Other, errors);
        CallPriority? priority = input.CallPriority is null ? null : ParseEnum(input.CallPriority, "callPriority", Core.Tickets.CallPriority.Normal, errors);

        // The organization filter hides organizations outside the caller's scope, so a ticket cannot be moved there.
        if (input.OrganizationId is { } organizationId && !await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            errors.Add(TicketApiErrors.OrganizationNotFound(organizationId));
        }

        ContractSummary? named = null;
        if (input.ContractId is { } contractId && (named = await terms.ContractAsync(contractId, cancellationToken)) is null)
        {
            errors.Add(TicketApiErrors.ContractNotFound(contractId));
        }

        if (errors.Count > 0)
        {
            return Result<long>.Failure(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var ticket = await LoadAsync(id, cancellationToken);
            if (ticket is null)
            {
                return TicketApiErrors.NotFound(id);
            }

            var now = time.GetUtcNow();
            var movedOrganization = input.OrganizationId is { } moved && moved != ticket.OrganizationId;
            var result = ticket.Edit(new TicketEdit(title, description, category, input.OrganizationId, Trimmed(input.RequesterName, 100),
                Trimmed(input.RequesterContact, 200), priority), caller.UserName, now);
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            long? contract = named?.Id ?? ticket.ContractId;
            if (named is null && movedOrganization)
            {
                contract = (await terms.ContractForAsync(ticket.OrganizationId, now, cancellationToken))?.Id;
            }

            if (contract != ticket.ContractId)
            {
                var reason = string.IsNullOrWhiteSpace(input.Reason) ? TicketMessages.ContractChanged : input.Reason.Trim();
                ticket.ChangeTerms(await terms.TermsAsync(contract, ticket.FaultLevel, cancellationToken), contract, reason, caller.UserName, now);
            }

            try
            {
                await SaveAsync(cancellationToken);
                return ticket.Id;
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogConcurrentChange(exception, id, attempt);
                db.ChangeTracker.Clear();
            }
        }
    }
}
