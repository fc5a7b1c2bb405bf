using Watchkeeper.Core.Changes;

namespace Watchkeeper.Server.Changes;

/// <summary>What the notice composer collects: kind, window in the server's local time, impact scope, countermeasures and contact.</summary>
public sealed class ChangeNoticeForm
{
    public NoticeKind Kind { get; set; } = NoticeKind.Advance;

    public DateTime? WindowStart { get; set; }

    public DateTime? WindowEnd { get; set; }

    public string? ImpactScope { get; set; }

    public string? Countermeasures { get; set; }

    public string? Contact { get; set; }

    public static DateTimeOffset? Instant(DateTime? local) => ChangeActionForm.Instant(local);

    /// <summary>Returns the names of the required fields left empty; the service checks them again.</summary>
    public IReadOnlyList<string> MissingFields()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(ImpactScope))
        {
            missing.Add("scope");
        }

        if (Kind != NoticeKind.Cancellation && string.IsNullOrWhiteSpace(Countermeasures))
        {
            missing.Add("countermeasures");
        }

        if (string.IsNullOrWhiteSpace(Contact))
        {
            missing.Add("contact");
        }

        return missing;
    }

    public ChangeNoticeInput ToInput() => new(Kind.ToString(), Instant(WindowStart), Instant(WindowEnd), ImpactScope, Countermeasures, Contact);
}
