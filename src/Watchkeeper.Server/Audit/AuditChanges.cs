using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Recording;

namespace Watchkeeper.Server.Audit;

/// <summary>One tracked change, captured before SaveChanges so that the original values are still known.</summary>
internal sealed class AuditedChange(EntityEntry entry, EntityState state, JsonObject? before, JsonObject? after, string? entityId, string? label)
{
    public EntityEntry Entry { get; } = entry;

    public EntityState State { get; } = state;

    public JsonObject? Before { get; } = before;

    /// <summary>Null for an insert until it is saved, because the database generates some of its values.</summary>
    public JsonObject? After { get; set; } = after;

    public string? EntityId { get; set; } = entityId;

    /// <summary>The record's code or name, for the summary.</summary>
    public string? Label { get; set; } = label;
}

/// <summary>Reads the changes worth auditing from a change tracker and turns them into audit entries.</summary>
internal static class AuditChanges
{
    /// <summary>Machine state written by probes and schedulers many times a minute, and the audit log itself.</summary>
    private static readonly HashSet<Type> IgnoredTypes =
    [
        typeof(DeviceHealth), typeof(LatestProbeResult), typeof(StateInterval), typeof(DiagnosisDue),
        typeof(DataProtectionKey), typeof(AuditEntry), typeof(AuditChainHead),
    ];

    /// <summary>Identity's bookkeeping, which changes on every sign-in; lockouts are recorded as sign-in events.</summary>
    private static readonly HashSet<string> IgnoredProperties =
        ["ConcurrencyStamp", "SecurityStamp", "AccessFailedCount", "LockoutEnd"];

    private static readonly HashSet<Type> PermissionTypes =
    [
        typeof(ApplicationUser), typeof(ApplicationRole), typeof(UserOrganization),
        typeof(IdentityUserRole<string>), typeof(IdentityUserClaim<string>), typeof(IdentityRoleClaim<string>),
    ];

    private static readonly HashSet<Type> CredentialTypes = [typeof(IdentityUserLogin<string>), typeof(IdentityUserToken<string>)];

    private static readonly HashSet<Type> ConfigurationTypes = [typeof(PlatformSetting), typeof(MonitoringPolicy), typeof(RecordingPolicy)];

    private static readonly string[] LabelProperties = ["Code", "Name", "UserName", "DisplayName", "Key", "Title"];

    public static List<AuditedChange> Collect(ChangeTracker tracker)
    {
        var changes = new List<AuditedChange>();
        foreach (var entry in tracker.Entries())
        {
            if (IgnoredTypes.Contains(entry.Metadata.ClrType))
            {
                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    changes.Add(new AuditedChange(entry, EntityState.Added, null, null, null, null));
                    break;
                case EntityState.Deleted:
                    changes.Add(new AuditedChange(entry, EntityState.Deleted, Snapshot(entry, entry.Properties, original: true), null, KeyOf(entry), LabelOf(entry)));
                    break;
                case EntityState.Modified:
                    var modified = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).ToList();
                    if (modified.Any(p => !IgnoredProperties.Contains(p.Metadata.Name)))
                    {
                        changes.Add(new AuditedChange(entry, EntityState.Modified,
                            Snapshot(entry, modified, original: true), Snapshot(entry, modified, original: false), KeyOf(entry), LabelOf(entry)));
                    }

                    break;
            }
        }

        return changes;
    }

    /// <summary>Builds the entry of a saved change; inserts get their generated key and values here.</summary>
    public static AuditEntry EntryOf(AuditedChange change, AuditActor actor, DateTimeOffset now)
    {
        if (change.State == EntityState.Added)
        {
            change.After = Snapshot(change.Entry, change.Entry.Properties, original: false);
            change.EntityId = KeyOf(change.Entry);
            change.Label = LabelOf(change.Entry);
        }

        var operation = change.State switch
        {
            EntityState.Added => "新增 / Created",
            EntityState.Deleted => "删除 / Deleted",
            _ => "修改 / Updated",
        };

        return new AuditEntry
        {
            At = AuditLog.WholeMilliseconds(now),
            UserId = actor.UserId,
            UserName = actor.UserName,
            Channel = actor.Channel,
            RemoteAddress = actor.RemoteAddress,
            Action = ActionOf(change),
            EntityType = AuditLog.Cut(TypeNameOf(change.Entry.Metadata.ClrType), AuditEntry.MaxEntityTypeLength),
            EntityId = AuditLog.Cut(change.EntityId, AuditEntry.MaxEntityIdLength),
            Summary = AuditLog.Cut(change.Label is null ? operation : $"{operation}: {change.Label}", AuditEntry.MaxSummaryLength),
            Before = change.Before?.ToJsonString(),
            After = change.After?.ToJsonString(),
            Outcome = AuditOutcome.Success,
        };
    }

    internal static string TypeNameOf(Type type)
    {
        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type.Name : type.Name[..tick];
    }

    private static string ActionOf(AuditedChange change)
    {
        var type = change.Entry.Metadata.ClrType;
        if (CredentialTypes.Contains(type)
            || (type == typeof(ApplicationUser) && change.State == EntityState.Modified && change.After?.ContainsKey(nameof(ApplicationUser.PasswordHash)) == true))
        {
            return AuditActions.CredentialChange;
        }

        if (PermissionTypes.Contains(type))
        {
            return AuditActions.PermissionChange;
        }

        if (ConfigurationTypes.Contains(type))
        {
            return AuditActions.ConfigChange;
        }

        return change.State switch
        {
            EntityState.Added => AuditActions.EntityCreate,
            EntityState.Deleted => AuditActions.EntityDelete,
            _ => AuditActions.EntityUpdate,
        };
    }

    private static JsonObject Snapshot(EntityEntry entry, IEnumerable<PropertyEntry> properties, bool original)
    {
        var snapshot = new JsonObject();
        foreach (var property in properties)
        {
            var name = property.Metadata.Name;
            if (IgnoredProperties.Contains(name))
            {
                continue;
            }

            snapshot[name] = ValueOf(name, original ? property.OriginalValue : property.CurrentValue);
        }

        // A key/value row such as a platform setting: the value is secret when the key names a secret.
        if (entry.Metadata.FindProperty("Key") is { } keyProperty && snapshot.ContainsKey("Value")
            && entry.Property(keyProperty.Name).CurrentValue is string key && AuditRedaction.IsSecretName(key))
        {
            snapshot["Value"] = snapshot["Value"] is null ? null : JsonValue.Create(AuditRedaction.Mask);
        }

        return snapshot;
    }

    private static JsonNode? ValueOf(string name, object? value)
    {
        // Settings stored as JSON text are masked inside too, e.g. a password in a settings document.
        if (value is string text && text.Length > 1 && text[0] is '{' or '[' && !AuditRedaction.IsSecretName(name))
        {
            try
            {
                return JsonNode.Parse(AuditRedaction.Serialize(JsonNode.Parse(text))!);
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as text below.
            }
        }

        try
        {
            return AuditRedaction.ValueOf(name, value);
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonValue.Create(value?.ToString());
        }
    }

    private static string? KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null ? null : string.Join('/', key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
    }

    private static string? LabelOf(EntityEntry entry)
    {
        var parts = LabelProperties
            .Where(name => entry.Metadata.FindProperty(name) is not null)
            .Select(name => entry.Property(name).CurrentValue as string)
            .Where(text => !string.IsNullOrWhiteSpace(text))
            .Distinct()
            .Take(2)
            .ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
