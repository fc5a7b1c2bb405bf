using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Core.Tests.Monitoring;

public sealed class ProbePlanTests
{
    [Fact]
    public void WithGb28181_DeviceHasGbId_AddsTheProbe()
    {
        var probes = ProbePlan.WithGb28181(ProbeSet.Rtsp, "34020000001320000002", chosenForDevice: false);

        probes.ShouldBe(ProbeSet.Rtsp | ProbeSet.Gb28181);
    }

    [Fact]
    public void WithGb28181_NoGbId_KeepsTheSet()
    {
        ProbePlan.WithGb28181(ProbeSet.Rtsp, null, chosenForDevice: false).ShouldBe(ProbeSet.Rtsp);
    }

    [Theory]
    [InlineData(DeviceKind.Camera)]
    [InlineData(DeviceKind.Channel)]
    public void WithDiagnosis_CameraWithPicture_AddsTheProbe(DeviceKind kind)
    {
        ProbePlan.WithDiagnosis(ProbeSet.Rtsp, kind, hasStreamOrSnapshot: true, chosenForDevice: false).ShouldBe(ProbeSet.Rtsp | ProbeSet.Diagnosis);
    }

    [Fact]
    public void WithDiagnosis_Recorder_KeepsTheSet()
    {
        ProbePlan.WithDiagnosis(ProbeSet.Rtsp, DeviceKind.Recorder, hasStreamOrSnapshot: true, chosenForDevice: false).ShouldBe(ProbeSet.Rtsp);
    }

    [Fact]
    public void WithDiagnosis_NoPicture_KeepsTheSet()
    {
        ProbePlan.WithDiagnosis(ProbeSet.Rtsp, DeviceKind.Camera, hasStreamOrSnapshot: false, chosenForDevice: false).ShouldBe(ProbeSet.Rtsp);
    }

    [Fact]
    public void WithDiagnosis_SetChosenForDevice_KeepsTheSet()
    {
        ProbePlan.WithDiagnosis(ProbeSet.Rtsp, DeviceKind.Camera, hasStreamOrSnapshot: true, chosenForDevice: true).ShouldBe(ProbeSet.Rtsp);
    }

    [Fact]
    public void Diagnosis_NeverDecidesReachability()
    {
        ProbePlan.IsReachabilityProbe(DeviceKind.Camera, ProbeKind.Diagnosis).ShouldBeFalse();
        ProbePlan.IsPassive(ProbeKind.Diagnosis).ShouldBeTrue();
    }

    [Fact]
    public void WithGb28181_SetChosenForDevice_KeepsTheSet()
    {
        ProbePlan.WithGb28181(ProbeSet.Rtsp, "34020000001320000002", chosenForDevice: true).ShouldBe(ProbeSet.Rtsp);
    }

    [Theory]
    [InlineData(DeviceKind.Camera)]
    [InlineData(DeviceKind.Recorder)]
    [InlineData(DeviceKind.Channel)]
    [InlineData(DeviceKind.AlarmInput)]
    public void IsReachabilityProbe_Gb28181_DecidesForEveryKind(DeviceKind kind)
    {
        ProbePlan.IsReachabilityProbe(kind, ProbeKind.Gb28181).ShouldBeTrue();
    }
}
