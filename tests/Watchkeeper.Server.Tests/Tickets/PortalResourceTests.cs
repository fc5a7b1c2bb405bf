using System.Globalization;
using System.Resources;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>The portal's plain words and the fault categories exist in Chinese and English.</summary>
public sealed class PortalResourceTests
{
    private static readonly ResourceManager Resources = new("Watchkeeper.Server.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> Keys()
    {
        var keys = new TheoryData<string>();
        foreach (var state in Enum.GetNames<TicketState>())
        {
            keys.Add($"Portal.State.{state}");
        }

        foreach (var state in Enum.GetNames<SlaClockState>())
        {
            keys.Add($"Portal.Clock.{state}");
        }

        foreach (var action in PortalText.PublicActions)
        {
            keys.Add($"Portal.Step.{action}");
        }

        foreach (var category in Enum.GetNames<FaultCategory>())
        {
            keys.Add($"Enum.FaultCategory.{category}");
        }

        return keys;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Key_BothLanguages_Present(string key)
    {
        var chinese = Resources.GetString(key, CultureInfo.GetCultureInfo("zh-CN"));
        var english = Resources.GetString(key, CultureInfo.GetCultureInfo("en"));

        chinese.ShouldNotBeNullOrWhiteSpace(key);
        english.ShouldNotBeNullOrWhiteSpace(key);
        chinese.ShouldNotBe(english, key);
    }
}
