using System.Collections;
using System.Globalization;
using System.Resources;
using Watchkeeper.Server.Audit;

namespace Watchkeeper.Server.Tests.Audit;

public sealed class AuditResourceTests
{
    private static readonly ResourceManager Resources = new("Watchkeeper.Server.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static TheoryData<string> ShownKeys()
    {
        var data = new TheoryData<string>();
        foreach (var action in AuditActions.All)
        {
            data.Add($"Audit.Action.{action}");
        }

        foreach (var name in Enum.GetNames<AuditChannel>())
        {
            data.Add($"Enum.{nameof(AuditChannel)}.{name}");
        }

        foreach (var name in Enum.GetNames<AuditOutcome>())
        {
            data.Add($"Enum.{nameof(AuditOutcome)}.{name}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShownKeys))]
    public void ShownKey_BothLanguages_HaveText(string key)
    {
        Read(CultureInfo.InvariantCulture).ShouldContain(key);
        Read(new CultureInfo("en")).ShouldContain(key);
    }

    private static List<string> Read(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false).ShouldNotBeNull()
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).ToList();
}
