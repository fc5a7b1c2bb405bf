using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Core.Tests.Tickets;

public sealed class FaultLevelsTests
{
    [Theory]
    [InlineData(new[] { DeviceKind.Server }, 0, false, 1)] // the platform
    [InlineData(new DeviceKind[0], 48, true, 1)] // a whole site
    [InlineData(new[] { DeviceKind.Recorder }, 0, false, 2)]
    [InlineData(new[] { DeviceKind.Switch }, 12, false, 2)] // a switch taking 12 cameras of one site down
    [InlineData(new[] { DeviceKind.Switch }, 3, false, 3)]
    [InlineData(new[] { DeviceKind.Camera }, 1, false, 3)]
    [InlineData(new DeviceKind[0], 0, false, 4)] // a consultation
    public void Suggest_DefaultCriteria_MostSevereMatch(DeviceKind[] kinds, int cameras, bool siteOutage, int expected) =>
        FaultLevels.Suggest(FaultLevels.Defaults, new FaultEvidence(kinds, cameras, siteOutage)).ShouldBe(expected);

    [Fact]
    public void Suggest_EditedThreshold_Applies()
    {
        var criteria = FaultLevels.Defaults.Select(c => c.Level == 2 ? c with { MinAffectedCameras = 5 } : c).ToList();

        FaultLevels.Suggest(criteria, new FaultEvidence([DeviceKind.Switch], 5, false)).ShouldBe(2);
    }
}
