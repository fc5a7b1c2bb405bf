using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Watchkeeper.Server.Data;

/// <summary>Stores a list or a record as one JSON text column, with enums by name, the same on SQLite and PostgreSQL.</summary>
public static class JsonColumns
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static PropertyBuilder<List<T>> HasJsonConversion<T>(this PropertyBuilder<List<T>> property) =>
        property.HasConversion(
            list => JsonSerializer.Serialize(list, s_options),
            text => string.IsNullOrEmpty(text) ? new List<T>() : JsonSerializer.Deserialize<List<T>>(text, s_options) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                list => list.ToList()));

    /// <summary>
    /// Stores an immutable record as one JSON text column, compared by its JSON. EF Core passes a null value by without
    /// converting it, so a nullable column stays NULL.
    /// </summary>
    public static PropertyBuilder<T> HasJsonRecordConversion<T>(this PropertyBuilder<T> property)
        where T : class? =>
        property.HasConversion(
            value => JsonSerializer.Serialize(value, s_options),
            text => JsonSerializer.Deserialize<T>(text, s_options)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, s_options) == JsonSerializer.Serialize(b, s_options),
                value => JsonSerializer.Serialize(value, s_options).GetHashCode(StringComparison.Ordinal),
                value => value));
}
