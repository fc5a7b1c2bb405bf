using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Watchkeeper.Server.Data;

/// <summary>
/// Stores an immutable record as one JSON text column, with enums by name, compared by its JSON. EF Core passes a null
/// value by without converting it, so a nullable column stays NULL.
/// </summary>
public static class JsonRecordColumns
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

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
