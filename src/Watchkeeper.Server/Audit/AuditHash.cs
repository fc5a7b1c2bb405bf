using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Watchkeeper.Server.Audit;

/// <summary>
/// Computes an entry's hash: SHA-256 over a JSON array of its fields in a fixed order, ending with the previous hash.
/// The time enters as Unix milliseconds and enums by name, so the result is the same on SQLite and PostgreSQL.
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', AuditEntry.HashLength);

    public static string Compute(AuditEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(entry.Id);
            writer.WriteNumberValue(entry.At.ToUnixTimeMilliseconds());
            WriteText(writer, entry.UserId);
            WriteText(writer, entry.UserName);
            writer.WriteStringValue(entry.Channel.ToString());
            WriteText(writer, entry.RemoteAddress);
            writer.WriteStringValue(entry.Action);
            WriteText(writer, entry.EntityType);
            WriteText(writer, entry.EntityId);
            WriteText(writer, entry.Summary);
            WriteText(writer, entry.Before);
            WriteText(writer, entry.After);
            writer.WriteStringValue(entry.Outcome.ToString());
            writer.WriteStringValue(entry.PreviousHash);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteText(Utf8JsonWriter writer, string? text)
    {
        if (text is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }
}
