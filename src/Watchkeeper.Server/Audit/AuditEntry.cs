namespace Watchkeeper.Server.Audit;

/// <summary>How the actor reached the platform.</summary>
public enum AuditChannel
{
    /// <summary>The web console: sign-in page or an interactive console page.</summary>
    Console,

    /// <summary>The REST API under <c>/api</c>, with a bearer token or the console's cookie.</summary>
    Api,

    /// <summary>Background work that acts for nobody.</summary>
    System,
}

public enum AuditOutcome
{
    Success,
    Failure,
}

/// <summary>
/// One record of the append-only audit log. <see cref="Hash"/> is SHA-256 over the other fields and
/// <see cref="PreviousHash"/>, the hash of the record before it, so that changing or removing a stored record breaks
/// the chain at that point.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxUserLength = 256;
    public const int MaxAddressLength = 64;
    public const int MaxActionLength = 64;
    public const int MaxEntityTypeLength = 128;
    public const int MaxEntityIdLength = 128;
    public const int MaxSummaryLength = 1000;
    public const int HashLength = 64;

    /// <summary>1, 2, 3 … without gaps, assigned under the chain head's lock.</summary>
    public long Id { get; set; }

    /// <summary>UTC, whole milliseconds, because SQLite stores no finer time.</summary>
    public DateTimeOffset At { get; set; }

    public string? UserId { get; set; }

    /// <summary>The acting user's name; for a failed sign-in, the name that was tried; "system" for background work.</summary>
    public string? UserName { get; set; }

    public AuditChannel Channel { get; set; }

    /// <summary>The client's IP address, when the action came over the network.</summary>
    public string? RemoteAddress { get; set; }

    /// <summary>A dotted name from <see cref="AuditActions"/>, e.g. <c>entity.update</c>.</summary>
    public required string Action { get; set; }

    public string? EntityType { get; set; }

    public string? EntityId { get; set; }

    public string? Summary { get; set; }

    /// <summary>JSON object of the changed properties before the change, secrets masked.</summary>
    public string? Before { get; set; }

    /// <summary>JSON object of the changed properties after the change, secrets masked.</summary>
    public string? After { get; set; }

    public AuditOutcome Outcome { get; set; }

    /// <summary>Lower-case hex SHA-256 of the previous record; 64 zeros for the first.</summary>
    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>
/// The single row that names the last record of the chain. Appending locks it (UPDATE) in the same transaction as
/// the new records, which serializes appends across threads and, on PostgreSQL, across nodes.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long LastId { get; set; }

    public string LastHash { get; set; } = "";
}

/// <summary>The action names written to <see cref="AuditEntry.Action"/>.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string Lockout = "auth.lockout";
    public const string EntityCreate = "entity.create";
    public const string EntityUpdate = "entity.update";
    public const string EntityDelete = "entity.delete";
    public const string Export = "export";
    public const string CredentialView = "credential.view";
    public const string CredentialChange = "credential.change";
    public const string PermissionChange = "permission.change";
    public const string ConfigChange = "config.change";

    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignInFailed, Lockout, EntityCreate, EntityUpdate, EntityDelete, Export,
        CredentialView, CredentialChange, PermissionChange, ConfigChange,
    ];
}
