namespace Watchkeeper.Core.Organizations;

/// <summary>
/// A node of the organization tree: customer, region, site or any level an O&amp;M contract uses.
/// </summary>
public sealed class Organization
{
    public const int MaxNameLength = 100;

    /// <summary>Separator of organization names in a ledger path such as 某市公安局/城区分局/人民路派出所.</summary>
    public const char PathSeparator = '/';

    public long Id { get; set; }

    public required string Name { get; set; }

    public long? ParentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
