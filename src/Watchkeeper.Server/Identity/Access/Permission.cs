namespace Watchkeeper.Server.Identity.Access;

/// <summary>What a permission is about: one capability of the platform.</summary>
public enum Capability
{
    Devices,
    Organizations,
    Alarms,
    Monitoring,
    Diagnosis,
    Recording,
    Gb28181,
    Reports,
    DutyRoster,
    Tickets,
    Changes,
    Emergencies,
    Inspections,
    Knowledge,
    Users,
    Roles,
    Audit,
    Settings,
}

/// <summary>What a permission allows on its capability.</summary>
public enum PermissionAction
{
    View,
    Create,
    Edit,
    Approve,
    StartEmergency,
    Close,
    Export,
    Administer,
}

/// <summary>One capability and one action, written <c>devices.view</c> in role definitions, tokens and the API.</summary>
public readonly record struct Permission(Capability Capability, PermissionAction Action)
{
    public string Name => $"{ToName(Capability.ToString())}.{ToName(Action.ToString())}";

    /// <summary>Every capability × action pair, in enum order.</summary>
    public static IReadOnlyList<Permission> All { get; } =
        [.. Enum.GetValues<Capability>().SelectMany(c => Enum.GetValues<PermissionAction>().Select(a => new Permission(c, a)))];

    public override string ToString() => Name;

    /// <summary>Reads <c>devices.view</c> or <c>emergencies.start-emergency</c>; case is ignored.</summary>
    public static bool TryParse(string? text, out Permission permission)
    {
        permission = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1 || !char.IsLetter(text[0]) || !char.IsLetter(text[dot + 1]))
        {
            return false;
        }

        if (!Enum.TryParse<Capability>(FromName(text[..dot]), ignoreCase: true, out var capability)
            || !Enum.TryParse<PermissionAction>(FromName(text[(dot + 1)..]), ignoreCase: true, out var action)
            || !Enum.IsDefined(capability) || !Enum.IsDefined(action))
        {
            return false;
        }

        permission = new Permission(capability, action);
        return true;
    }

    // "StartEmergency" <-> "start-emergency", "Gb28181" <-> "gb28181".
    private static string ToName(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    private static string FromName(string name) => name.Replace("-", string.Empty, StringComparison.Ordinal);
}
