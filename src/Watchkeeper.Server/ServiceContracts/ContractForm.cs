using System.Globalization;

namespace Watchkeeper.Server.ServiceContracts;

/// <summary>The console's editable copy of a contract. Contacts are one per line as "name, role, phone, e-mail".</summary>
public sealed class ContractForm
{
    public long? Id { get; init; }

    public string Number { get; set; } = "";

    public string Name { get; set; } = "";

    public long? OrganizationId { get; set; }

    public DateTime? StartDate { get; set; }

    public DateTime? EndDate { get; set; }

    public DateTime? WarrantyEndDate { get; set; }

    public ServiceLevel Level { get; set; } = ServiceLevel.Standard;

    public string? ProjectManagerUserId { get; set; }

    public IReadOnlyCollection<string> ResidentEngineerUserIds { get; set; } = [];

    public string Contacts { get; set; } = "";

    public string Notes { get; set; } = "";

    public static ContractForm From(ContractView contract) => new()
    {
        Id = contract.Id,
        Number = contract.Number,
        Name = contract.Name,
        OrganizationId = contract.OrganizationId,
        StartDate = contract.StartDate.ToDateTime(TimeOnly.MinValue),
        EndDate = contract.EndDate.ToDateTime(TimeOnly.MinValue),
        WarrantyEndDate = contract.WarrantyEndDate?.ToDateTime(TimeOnly.MinValue),
        Level = contract.Level,
        ProjectManagerUserId = contract.ProjectManager?.Id,
        ResidentEngineerUserIds = [.. contract.ResidentEngineers.Select(u => u.Id)],
        Contacts = string.Join("\n", contract.Contacts.Select(c => string.Join(", ", new[] { c.Name, c.Role, c.Phone, c.Email }.Select(v => v ?? "")).TrimEnd(' ', ','))),
        Notes = contract.Notes ?? "",
    };

    /// <summary>Builds the API input, or returns null when a contact line has no name.</summary>
    public ContractInput? ToInput()
    {
        var contacts = new List<ContractContactInput>();
        foreach (var line in Contacts.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split([',', '，'], StringSplitOptions.TrimEntries);
            if (parts[0].Length == 0)
            {
                return null;
            }

            contacts.Add(new ContractContactInput(parts[0], Part(parts, 1), Part(parts, 2), Part(parts, 3)));
        }

        return new ContractInput(Number, Name, OrganizationId, Date(StartDate), Date(EndDate), Date(WarrantyEndDate), Level.ToString(), ProjectManagerUserId,
            [.. ResidentEngineerUserIds], contacts, Notes);
    }

    private static string? Part(string[] parts, int index) => parts.Length > index && parts[index].Length > 0 ? parts[index] : null;

    private static string? Date(DateTime? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
