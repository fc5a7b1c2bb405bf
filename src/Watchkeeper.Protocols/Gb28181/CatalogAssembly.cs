namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Assembles a catalog returned in several messages, keyed by item DeviceID, for one device and SN.
/// </summary>
public sealed class CatalogAssembly(string deviceId, long sn)
    : ItemAssembly<CatalogItem, string>(deviceId, sn, StringComparer.Ordinal)
{
    /// <summary>Stores a part; raises <see cref="ArgumentException"/> when it is for another device or SN.</summary>
    public AssemblyProgress Add(CatalogResponse part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return AddPart(part.DeviceId, part.Sn, part.SumNum, part.Items);
    }

    protected override string KeyOf(CatalogItem item) => item.DeviceId;
}
