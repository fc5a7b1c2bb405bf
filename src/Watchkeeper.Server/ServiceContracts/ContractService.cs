using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>Creates, lists and changes service contracts. A user sees the contracts of the organizations in their scope.</summary>
public sealed class ContractService(WatchkeeperDbContext db, OrganizationDirectory organizations, SlaPolicyService policies, SlaPolicyNotifier notifier,
    IOptions<ServiceContractOptions> options, TimeProvider time, ILogger<ContractService> logger)
{
    public const int MaxUsers = 50;
    public const int MaxContacts = 20;
    public const int MaxContactFieldLength = 100;
    public const int MaxEmailLength = 254;

    private readonly TimeZoneInfo _zone = ServiceContractOptions.FindZone(options.Value.TimeZone) ?? TimeZoneInfo.Utc;

    public async Task<IReadOnlyList<ContractView>> ListAsync(CancellationToken cancellationToken)
    {
        var contracts = await db.ServiceContracts.AsNoTracking().OrderBy(c => c.Number).ToListAsync(cancellationToken);
        return await ViewsAsync(contracts, cancellationToken);
    }

    public async Task<ContractView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.ServiceContracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } contract
            ? (await ViewsAsync([contract], cancellationToken))[0]
            : null;

    /// <summary>Returns the users the console offers as project manager and resident engineers, leaving out disabled accounts.</summary>
    public async Task<IReadOnlyList<ContractUserView>> UsersAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => !u.IsDisabled).OrderBy(u => u.UserName)
            .Select(u => new ContractUserView(u.Id, u.UserName ?? u.Id, u.DisplayName)).ToListAsync(cancellationToken);

    /// <summary>Creates a contract. An Advanced one starts with copies of the Advanced template's policies.</summary>
    public async Task<Result<ContractView>> CreateAsync(ContractInput input, CancellationToken cancellationToken)
    {
        var contract = new ServiceContract { Number = "", Name = "", CreatedAt = time.GetUtcNow() };
        var valid = await ApplyAsync(contract, input, cancellationToken);
        if (!valid.IsSuccess)
        {
            return Result<ContractView>.Failure(valid.Errors);
        }

        db.ServiceContracts.Add(contract);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created service contract {ContractId} {ContractNumber} ({ServiceLevel}) for organization {OrganizationId}",
            contract.Id, contract.Number, contract.Level, contract.OrganizationId);

        var copied = contract.Level == ServiceLevel.Advanced ? await policies.CopyTemplateAsync(contract.Id, cancellationToken) : [];
        await notifier.ChangedAsync(copied, cancellationToken);
        return (await ViewsAsync([contract], cancellationToken))[0];
    }

    /// <summary>
    /// Replaces a contract. A contract that becomes Advanced gets the Advanced template's policies for the fault levels
    /// that have no policy of their own yet.
    /// </summary>
    public async Task<Result<ContractView>> UpdateAsync(long id, ContractInput input, CancellationToken cancellationToken)
    {
        var contract = await db.ServiceContracts.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contract is null)
        {
            return ServiceContractErrors.ContractNotFound(id);
        }

        var wasAdvanced = contract.Level == ServiceLevel.Advanced;
        var valid = await ApplyAsync(contract, input, cancellationToken);
        if (!valid.IsSuccess)
        {
            return Result<ContractView>.Failure(valid.Errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Updated service contract {ContractId} {ContractNumber}", contract.Id, contract.Number);

        var copied = !wasAdvanced && contract.Level == ServiceLevel.Advanced ? await policies.CopyTemplateAsync(contract.Id, cancellationToken) : [];
        var affected = await db.SlaPolicies.AsNoTracking().Where(p => p.ContractId == contract.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        if (copied.Count > 0)
        {
            // Open tickets of this contract ran on the default policies until now.
            affected.AddRange(await db.SlaPolicies.AsNoTracking().Where(p => p.Kind == SlaPolicyKind.Default).Select(p => p.Id).ToListAsync(cancellationToken));
        }

        await notifier.ChangedAsync(affected, cancellationToken);
        return (await ViewsAsync([contract], cancellationToken))[0];
    }

    private async Task<Result<ServiceContract>> ApplyAsync(ServiceContract contract, ContractInput input, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var number = Text(input.Number, "number", ServiceContract.MaxNumberLength, required: true, errors);
        var name = Text(input.Name, "name", ServiceContract.MaxNameLength, required: true, errors);
        var notes = Text(input.Notes, "notes", ServiceContract.MaxNotesLength, required: false, errors);
        if (number is not null && await db.ServiceContracts.IgnoreOrganizationScope().AnyAsync(c => c.Number == number && c.Id != contract.Id, cancellationToken))
        {
            // Numbers are unique across every organization, so the check must see contracts outside the caller's scope.
            errors.Add(ServiceContractErrors.NumberDuplicate(number));
        }

        if (input.OrganizationId is not { } organizationId || !await organizations.IsVisibleAsync(organizationId, cancellationToken))
        {
            errors.Add(ServiceContractErrors.OrganizationNotFound(input.OrganizationId));
        }

        var start = Date(input.StartDate, "startDate", required: true, errors);
        var end = Date(input.EndDate, "endDate", required: true, errors);
        var warrantyEnd = Date(input.WarrantyEndDate, "warrantyEndDate", required: false, errors);
        if (start is { } from && end is { } to && to < from)
        {
            errors.Add(ServiceContractErrors.PeriodInvalid(from, to));
        }

        var level = ServiceLevel.Standard;
        if (!string.IsNullOrWhiteSpace(input.Level) && (char.IsAsciiDigit(input.Level.Trim()[0]) || !Enum.TryParse(input.Level.Trim(), ignoreCase: true, out level)))
        {
            errors.Add(ServiceContractErrors.LevelUnknown(input.Level));
        }

        var manager = string.IsNullOrWhiteSpace(input.ProjectManagerUserId) ? null : input.ProjectManagerUserId.Trim();
        var engineers = (input.ResidentEngineerUserIds ?? []).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).Distinct(StringComparer.Ordinal).ToList();
        await CheckUsersAsync(manager is null ? [] : [manager], "projectManagerUserId", errors, cancellationToken);
        if (engineers.Count > MaxUsers)
        {
            errors.Add(ServiceContractErrors.TooMany("residentEngineerUserIds", engineers.Count, MaxUsers));
        }
        else
        {
            await CheckUsersAsync(engineers, "residentEngineerUserIds", errors, cancellationToken);
        }

        var contacts = Contacts(input.Contacts ?? [], errors);
        if (errors.Count > 0)
        {
            return Result<ServiceContract>.Failure(errors);
        }

        contract.Number = number!;
        contract.Name = name!;
        contract.OrganizationId = input.OrganizationId!.Value;
        contract.StartDate = start!.Value;
        contract.EndDate = end!.Value;
        contract.WarrantyEndDate = warrantyEnd;
        contract.Level = level;
        contract.ProjectManagerUserId = manager;
        contract.ResidentEngineerUserIds = engineers;
        contract.Contacts = contacts;
        contract.Notes = notes;
        contract.UpdatedAt = time.GetUtcNow();
        return contract;
    }

    private static List<ContractContact> Contacts(IReadOnlyList<ContractContactInput> inputs, List<Error> errors)
    {
        if (inputs.Count > MaxContacts)
        {
            errors.Add(ServiceContractErrors.TooMany("contacts", inputs.Count, MaxContacts));
            return [];
        }

        var contacts = new List<ContractContact>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var field = $"contacts[{i}]";
            var name = Text(inputs[i]?.Name, $"{field}.name", MaxContactFieldLength, required: true, errors);
            var role = Text(inputs[i]?.Role, $"{field}.role", MaxContactFieldLength, required: false, errors);
            var phone = Text(inputs[i]?.Phone, $"{field}.phone", MaxContactFieldLength, required: false, errors);
            var email = Text(inputs[i]?.Email, $"{field}.email", MaxEmailLength, required: false, errors);
            if (email is not null && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@') || email.Contains(' ', StringComparison.Ordinal)))
            {
                errors.Add(ServiceContractErrors.EmailInvalid($"{field}.email", email));
            }

            if (name is not null)
            {
                contacts.Add(new ContractContact(name, role, phone, email));
            }
        }

        return contacts;
    }

    /// <summary>Returns the trimmed text, or null when it is empty. Adds an error when it is missing but required, or too long.</summary>
    private static string? Text(string? value, string field, int maxLength, bool required, List<Error> errors)
    {
        var text = value?.Trim() ?? "";
        if ((required && text.Length == 0) || text.Length > maxLength)
        {
            errors.Add(ServiceContractErrors.TextInvalid(field, value, maxLength, required));
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static DateOnly? Date(string? value, string field, bool required, List<Error> errors)
    {
        if (string.IsNullOrWhiteSpace(value) && !required)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(ServiceContractErrors.DateInvalid(field, value));
        return null;
    }

    private async Task CheckUsersAsync(List<string> ids, string field, List<Error> errors, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(known, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            errors.Add(ServiceContractErrors.UsersNotFound(field, missing));
        }
    }

    private async Task<List<ContractView>> ViewsAsync(IReadOnlyList<ServiceContract> contracts, CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var userIds = contracts.SelectMany(c => c.ResidentEngineerUserIds.Append(c.ProjectManagerUserId ?? "")).Where(u => u.Length > 0).Distinct().ToList();
        var users = userIds.Count == 0
            ? new Dictionary<string, ContractUserView>()
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new ContractUserView(u.Id, u.UserName ?? u.Id, u.DisplayName)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);
        return contracts.Select(c => new ContractView(c.Id, c.Number, c.Name, c.OrganizationId, tree.PathOf(c.OrganizationId), c.StartDate, c.EndDate,
                c.WarrantyEndDate, c.Level, c.StartDate <= today && today <= c.EndDate, c.ProjectManagerUserId is { } pm ? users.GetValueOrDefault(pm) : null,
                c.ResidentEngineerUserIds.Select(users.GetValueOrDefault).OfType<ContractUserView>().ToList(), [.. c.Contacts], c.Notes, c.UpdatedAt))
            .ToList();
    }
}
