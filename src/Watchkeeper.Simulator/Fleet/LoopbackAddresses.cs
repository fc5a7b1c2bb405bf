using System.Globalization;
using System.Net;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Fleet;

/// <summary>Counts device addresses up from an address base inside 127.0.0.0/8, skipping .0 and .255.</summary>
internal static class LoopbackAddresses
{
    private const int HostsPerBlock = 254;

    /// <summary>
    /// Returns the address of device <paramref name="index"/> (0-based) counted from <paramref name="addressBase"/>,
    /// "127.a.b" (first address 127.a.b.1) or "127.a.b.c"; fails when the base is not loopback or the count runs past it.
    /// </summary>
    public static Result<IPAddress> Nth(string addressBase, int index, string optionName)
    {
        var octets = addressBase.Trim().Split('.');
        var numbers = new int[4];
        var valid = octets.Length is 3 or 4;
        for (var i = 0; valid && i < octets.Length; i++)
        {
            valid = int.TryParse(octets[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) && numbers[i] <= 255;
        }

        if (octets.Length == 3)
        {
            numbers[3] = 1;
        }

        if (!valid || numbers[0] != 127 || numbers[3] is 0 or 255)
        {
            return Invalid(optionName,
                $"{optionName} 的值 '{addressBase}' 无效：应为 127.x.y 或 127.x.y.z（模拟设备只能使用回环网络 127.0.0.0/8）",
                $"{optionName} '{addressBase}' is invalid: use 127.x.y or 127.x.y.z (simulated devices bind only to the loopback network 127.0.0.0/8)");
        }

        var position = numbers[3] - 1 + index;
        var block = numbers[1] * 256 + numbers[2] + position / HostsPerBlock;
        if (block > 0xFFFF)
        {
            return Invalid(optionName,
                $"从 {addressBase} 起的第 {index + 1} 个地址超出了 127.255.255.254；请选择更小的 {optionName}",
                $"address number {index + 1} from {addressBase} runs past 127.255.255.254; choose a lower {optionName}");
        }

        return new IPAddress([127, (byte)(block >> 8), (byte)block, (byte)(position % HostsPerBlock + 1)]);
    }

    private static Error Invalid(string optionName, string chinese, string english) =>
        Error.Validation("simulator.options.address_base", Bilingual.Join(chinese, english), optionName);
}
