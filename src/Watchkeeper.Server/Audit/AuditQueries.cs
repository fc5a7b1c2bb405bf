using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Audit;

/// <summary>Filters of the audit search and export; every one is optional.</summary>
public sealed record AuditFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? UserId = null,
    string? Action = null,
    string? EntityType = null,
    string? EntityId = null)
{
    /// <summary>Checks the filter; the time range must not be reversed.</summary>
    public Error? Validate() => From is { } from && To is { } to && from > to
        ? Error.Validation("audit.filter.range", Bilingual.Join("开始时间晚于结束时间。", "'from' is later than 'to'."), "from")
        : null;
}

/// <summary>One audit entry on the wire; before and after are JSON objects.</summary>
public sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset At,
    string? UserId,
    string? UserName,
    AuditChannel Channel,
    string? RemoteAddress,
    string Action,
    string? EntityType,
    string? EntityId,
    string? Summary,
    JsonElement? Before,
    JsonElement? After,
    AuditOutcome Outcome,
    string PreviousHash,
    string Hash)
{
    public static AuditEntryResponse From(AuditEntry entry) => new(
        entry.Id, entry.At, entry.UserId, entry.UserName, entry.Channel, entry.RemoteAddress, entry.Action, entry.EntityType,
        entry.EntityId, entry.Summary, ParseJson(entry.Before), ParseJson(entry.After), entry.Outcome, entry.PreviousHash, entry.Hash);

    private static JsonElement? ParseJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Entries are written as JSON; a row that is not has been tampered with, which verification reports.
            return JsonSerializer.SerializeToElement(json);
        }
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, int Total, int Page, int PageSize);

/// <summary>Searches the audit log, newest first. Each call opens its own context, so console pages may keep it.</summary>
public sealed class AuditQueries(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public async Task<AuditPage> SearchAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.Set<AuditEntry>().AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditPage(entries.Select(AuditEntryResponse.From).ToList(), total, page, pageSize);
    }

    public async Task<int> CountAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Apply(db.Set<AuditEntry>().AsNoTracking(), filter).CountAsync(cancellationToken);
    }

    /// <summary>Streams the matching entries newest first, for the export; the context lives as long as the enumeration.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, int maxRows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = Apply(db.Set<AuditEntry>().AsNoTracking(), filter).OrderByDescending(e => e.Id).Take(maxRows).AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>Distinct entity types in the log, for the console's filter.</summary>
    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<AuditEntry>().AsNoTracking().Where(e => e.EntityType != null).Select(e => e.EntityType!).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    private static IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries, AuditFilter filter)
    {
        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.At <= to);
        }

        if (!string.IsNullOrWhiteSpace(filter.UserId))
        {
            // The user filter matches the id or the name, because a failed sign-in has a name but no id.
            var user = filter.UserId.Trim();
            entries = entries.Where(e => e.UserId == user || e.UserName == user);
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            // "auth." selects every action of that group; anything else must match exactly.
            var action = filter.Action.Trim();
            entries = action.EndsWith('.')
                ? entries.Where(e => e.Action.StartsWith(action))
                : entries.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            var entityType = filter.EntityType.Trim();
            entries = entries.Where(e => e.EntityType == entityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var entityId = filter.EntityId.Trim();
            entries = entries.Where(e => e.EntityId == entityId);
        }

        return entries;
    }
}
