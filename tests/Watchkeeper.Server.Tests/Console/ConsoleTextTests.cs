using System.Globalization;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Components.Shared;

namespace Watchkeeper.Server.Tests.Console;

public sealed class ConsoleTextTests
{
    [Theory]
    [InlineData("zh-CN", "设备编码“A”已被使用。")]
    [InlineData("en", "Device code 'A' is already in use.")]
    public void Localize_BilingualMessage_PicksCultureHalf(string culture, string expected)
    {
        using var _ = new UiCulture(culture);

        var text = ConsoleText.Localize(Bilingual.Join("设备编码“A”已被使用。", "Device code 'A' is already in use."));

        text.ShouldBe(expected);
    }

    [Theory]
    [InlineData("zh-CN", "组织“甲 / 乙”不存在。")]
    [InlineData("en", "Organization '甲 / 乙' does not exist.")]
    public void Localize_ValueContainingSeparator_SplitsAtMiddle(string culture, string expected)
    {
        using var _ = new UiCulture(culture);

        var text = ConsoleText.Localize(Bilingual.Join("组织“甲 / 乙”不存在。", "Organization '甲 / 乙' does not exist."));

        text.ShouldBe(expected);
    }

    [Fact]
    public void Localize_PlainMessage_ReturnsItWhole()
    {
        using var _ = new UiCulture("en");

        ConsoleText.Localize("timed out").ShouldBe("timed out");
    }

    [Fact]
    public void Percent_Null_ShowsMissing()
    {
        ConsoleText.Percent(null).ShouldBe(ConsoleText.Missing);
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = new CultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
