namespace Watchkeeper.Core.Devices;

/// <summary>
/// Rules for the 20-digit GB/T 28181 device ID (国标编码).
/// </summary>
/// <remarks>
/// GB/T 28181-2016 appendix D lays the ID out as: digits 1–8 the center code (administrative division),
/// 9–10 the industry code, 11–13 the type code, 14 the network identifier, 15–20 the serial number.
/// </remarks>
public static class GbId
{
    public const int Length = 20;

    // Type codes the standard assigns to a device type. The ranges it reserves for extension
    // (119–130, 139–199, 212–214, 217–299 and so on) are not accepted.
    // NOTE: taken from the 2016 edition's table; codes that only the 2022 edition adds are not listed yet.
    private static readonly Dictionary<int, string> TypeNames = new()
    {
        [111] = "DVR",
        [112] = "Video server",
        [113] = "Encoder",
        [114] = "Decoder",
        [115] = "Video switching matrix",
        [116] = "Audio switching matrix",
        [117] = "Alarm controller",
        [118] = "NVR",
        [131] = "Camera",
        [132] = "IP camera",
        [133] = "Display",
        [134] = "Alarm input",
        [135] = "Alarm output",
        [136] = "Audio input",
        [137] = "Audio output",
        [138] = "Mobile transmission device",
        [200] = "Central signaling control server",
        [201] = "Web application server",
        [202] = "Media distribution server",
        [203] = "Proxy server",
        [204] = "Security server",
        [205] = "Alarm server",
        [206] = "Database server",
        [207] = "GIS server",
        [208] = "Management server",
        [209] = "Access gateway",
        [210] = "Media storage server",
        [211] = "Signaling security routing gateway",
        [215] = "Business group",
        [216] = "Virtual organization",
        [300] = "Central user",
        [400] = "Terminal user",
        [500] = "Video image information application platform",
        [501] = "Video image information operation and maintenance platform",
        [502] = "Video image analysis system",
        [503] = "Video image information database",
        [504] = "Video image analysis device",
    };

    /// <summary>Returns the type code (digits 11–13), or null when the text is not 20 digits.</summary>
    public static int? TypeCode(string id) =>
        IsTwentyDigits(id) ? (id[10] - '0') * 100 + (id[11] - '0') * 10 + (id[12] - '0') : null;

    public static bool IsTwentyDigits(string id) => id.Length == Length && id.All(char.IsAsciiDigit);

    public static bool IsDefinedTypeCode(int typeCode) => TypeNames.ContainsKey(typeCode);

    public static string? TypeName(int typeCode) => TypeNames.GetValueOrDefault(typeCode);

    /// <summary>Returns null when <paramref name="id"/> is valid, or an English reason when it is not.</summary>
    public static string? Validate(string id)
    {
        if (!IsTwentyDigits(id))
        {
            return $"must be exactly {Length} digits, got {id.Length} characters";
        }

        var code = TypeCode(id)!.Value;
        return IsDefinedTypeCode(code) ? null : $"type code {code:D3} (digits 11-13) is not a device type defined by GB/T 28181";
    }

    /// <summary>Returns the ledger kind that a type code implies, or null for platform and user codes.</summary>
    public static DeviceKind? KindOf(int typeCode) => typeCode switch
    {
        111 or 118 => DeviceKind.Recorder,
        112 or 113 => DeviceKind.Encoder,
        131 or 132 => DeviceKind.Camera,
        134 => DeviceKind.AlarmInput,
        _ => null,
    };
}
