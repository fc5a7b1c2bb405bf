namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Assembles the response to a record query, returned in several messages for one channel and SN, de-duplicated by
/// channel, start time, end time and file path.
/// </summary>
public sealed class RecordInfoAssembly(string deviceId, long sn)
    : ItemAssembly<RecordItem, RecordKey>(deviceId, sn)
{
    /// <summary>Stores a part; raises <see cref="ArgumentException"/> when it is for another channel or SN.</summary>
    public AssemblyProgress Add(RecordInfoResponse part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return AddPart(part.DeviceId, part.Sn, part.SumNum, part.Items);
    }

    protected override RecordKey KeyOf(RecordItem item) => new(item.DeviceId, item.StartTime, item.EndTime, item.FilePath);
}

/// <summary>What makes two record items the same recording.</summary>
public readonly record struct RecordKey(string DeviceId, DateTime? StartTime, DateTime? EndTime, string? FilePath);
