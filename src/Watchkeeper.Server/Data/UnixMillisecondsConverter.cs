using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Watchkeeper.Server.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as milliseconds since 1970-01-01 UTC.</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));
