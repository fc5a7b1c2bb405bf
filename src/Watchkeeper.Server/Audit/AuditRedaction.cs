using System.Text.Json;
using System.Text.Json.Nodes;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Masks secrets before they reach the audit log: a property whose name contains a word such as password, secret,
/// token, credential or key, and any value protected with ASP.NET Core Data Protection, become <see cref="Mask"/>.
/// </summary>
public static class AuditRedaction
{
    public const string Mask = "***";

    /// <summary>Longest string value kept in a before/after snapshot, in characters; longer ones are cut.</summary>
    public const int MaxValueLength = 2000;

    // Data Protection payloads start with the magic header 09 F0 C9 F0, which is "CfDJ8" in base64url.
    private const string DataProtectionPrefix = "CfDJ8";

    private static readonly string[] SecretWords = ["password", "passphrase", "secret", "token", "credential", "key", "community"];

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>
    /// True when a property of this name contains a secret. The bare name <c>Key</c> is a lookup key (a setting's name),
    /// not a secret, and is left readable.
    /// </summary>
    public static bool IsSecretName(string propertyName)
    {
        if (propertyName.Equals("Key", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return SecretWords.Any(word => propertyName.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsProtectedValue(string? text) =>
        text is not null && text.StartsWith(DataProtectionPrefix, StringComparison.Ordinal);

    /// <summary>Converts a property value to JSON, masked when its name or its text marks it as a secret.</summary>
    public static JsonNode? ValueOf(string propertyName, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (IsSecretName(propertyName) || (value is string text && IsProtectedValue(text)))
        {
            return JsonValue.Create(Mask);
        }

        return value switch
        {
            string s => JsonValue.Create(Cut(s)),
            _ => RedactNode(JsonSerializer.SerializeToNode(value, value.GetType(), SerializerOptions)),
        };
    }

    /// <summary>Serializes an object given to <see cref="IAuditLog"/> and masks secrets at every depth.</summary>
    public static string? Serialize(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var node = value as JsonNode ?? JsonSerializer.SerializeToNode(value, value.GetType(), SerializerOptions);
        return RedactNode(node)?.ToJsonString();
    }

    private static JsonNode? RedactNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    obj[name] = child is null ? null
                        : IsSecretName(name) ? JsonValue.Create(Mask)
                        : RedactNode(child.DeepClone());
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = RedactNode(array[i]?.DeepClone());
                }

                return array;
            case JsonValue leaf when leaf.TryGetValue<string>(out var text):
                return IsProtectedValue(text) ? JsonValue.Create(Mask) : JsonValue.Create(Cut(text));
            default:
                return node;
        }
    }

    private static string Cut(string text) =>
        text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength), $"…(+{text.Length - MaxValueLength})");
}
