using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Audit;

/// <summary>An event to record explicitly: a sign-in, an export, a credential view.</summary>
public sealed record AuditEvent(string Action, AuditOutcome Outcome = AuditOutcome.Success)
{
    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public string? Summary { get; init; }

    /// <summary>Any object; it is serialized to JSON with secrets masked.</summary>
    public object? Before { get; init; }

    /// <summary>Any object; it is serialized to JSON with secrets masked.</summary>
    public object? After { get; init; }

    /// <summary>The account the event is about when nobody is signed in yet, e.g. the user name a failed sign-in tried.</summary>
    public string? UserId { get; init; }

    /// <inheritdoc cref="UserId"/>
    public string? UserName { get; init; }

    /// <summary>A sign-in or token request rejected before any password check: no such user, or no password given.</summary>
    public static AuditEvent SignInRejected(string? userName) => new(AuditActions.SignInFailed, AuditOutcome.Failure)
    {
        UserName = string.IsNullOrWhiteSpace(userName) ? null : userName.Trim(),
        Summary = Bilingual.Join("用户不存在或未填写密码。", "Unknown user name or no password."),
    };

    /// <summary>A device ledger export: the format, the device list's filters (null for all) and the rows written.</summary>
    public static AuditEvent LedgerExported(string format, object? filter, int rowCount) => new(AuditActions.Export)
    {
        EntityType = "Device",
        Summary = Bilingual.Join($"导出设备台账 {rowCount} 行。", $"Device ledger exported: {rowCount} rows."),
        After = new { what = "device-ledger", format = format.ToLowerInvariant(), filter, rowCount },
    };

    /// <summary>A bearer token issued after a successful password check: the API's sign-in.</summary>
    public static AuditEvent TokenIssued(string userId, string? userName, DateTimeOffset expiresAt) => new(AuditActions.SignIn)
    {
        UserId = userId,
        UserName = userName,
        EntityType = "ApplicationUser",
        EntityId = userId,
        Summary = Bilingual.Join($"签发访问令牌，有效期至 {expiresAt:u}。", $"Bearer token issued, valid until {expiresAt:u}."),
    };
}

/// <summary>Writes explicit events to the audit log. Changes saved through EF are recorded by the interceptor.</summary>
public interface IAuditLog
{
    /// <summary>Records an event of the current console event's or request's user, or of the system.</summary>
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Records an event of <paramref name="principal"/>, for code that has the user but no HttpContext.</summary>
    Task RecordAsync(AuditEvent auditEvent, ClaimsPrincipal principal, CancellationToken cancellationToken = default);
}

/// <summary>Appends each event in its own transaction on a fresh database context.</summary>
public sealed class AuditLog(IDbContextFactory<WatchkeeperDbContext> dbFactory, AuditActorResolver actors, TimeProvider time) : IAuditLog
{
    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        AppendAsync(auditEvent, actors.Resolve(), cancellationToken);

    public Task RecordAsync(AuditEvent auditEvent, ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        AppendAsync(auditEvent, actors.Resolve(principal), cancellationToken);

    /// <summary>Builds the entry of an explicit event; the chain fills in its id and hashes.</summary>
    internal static AuditEntry EntryOf(AuditEvent auditEvent, AuditActor actor, DateTimeOffset now) => new()
    {
        At = WholeMilliseconds(now),
        UserId = AuditActor.Cut(auditEvent.UserId ?? actor.UserId),
        UserName = AuditActor.Cut(auditEvent.UserName ?? actor.UserName),
        Channel = actor.Channel,
        RemoteAddress = actor.RemoteAddress,
        Action = auditEvent.Action,
        EntityType = Cut(auditEvent.EntityType, AuditEntry.MaxEntityTypeLength),
        EntityId = Cut(auditEvent.EntityId, AuditEntry.MaxEntityIdLength),
        Summary = Cut(auditEvent.Summary, AuditEntry.MaxSummaryLength),
        Before = AuditRedaction.Serialize(auditEvent.Before),
        After = AuditRedaction.Serialize(auditEvent.After),
        Outcome = auditEvent.Outcome,
    };

    internal static DateTimeOffset WholeMilliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    internal static string? Cut(string? text, int maxLength) =>
        text is null || text.Length <= maxLength ? text : text[..maxLength];

    private async Task AppendAsync(AuditEvent auditEvent, AuditActor actor, CancellationToken cancellationToken)
    {
        var entry = EntryOf(auditEvent, actor, time.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AuditChain.AppendAsync(db, [entry], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
