using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Devices;

namespace Watchkeeper.Server.Tests.Devices;

public sealed class DeviceFormTests
{
    [Fact]
    public void ToInput_BlankPassword_KeepsStoredOne()
    {
        var form = new DeviceForm { Code = "CAM-1", Password = "" };

        form.ToInput().Password.ShouldBeNull();
    }

    [Fact]
    public void ToInput_ClearPassword_SendsEmpty()
    {
        var form = new DeviceForm { Code = "CAM-1", Password = "typed", ClearPassword = true };

        form.ToInput().Password.ShouldBe("");
    }

    [Fact]
    public void ToInput_EnteredCommunity_SendsIt()
    {
        var form = new DeviceForm { Code = "SW-1", SnmpCommunity = "public2" };

        form.ToInput().SnmpCommunity.ShouldBe("public2");
    }

    [Fact]
    public void ToInput_NoProbesChosen_TakesDefault()
    {
        var form = new DeviceForm { Code = "CAM-1" };

        form.ToInput().Probes.ShouldBeNull();
    }

    [Fact]
    public void ToInput_Dates_BecomeDateOnly()
    {
        var form = new DeviceForm { InstallDate = new DateTime(2024, 3, 1), Parent = new DeviceOption(7, "SW-1", "交换机", DeviceKind.Switch) };

        var input = form.ToInput();

        input.InstallDate.ShouldBe(new DateOnly(2024, 3, 1));
        input.ParentId.ShouldBe(7);
    }

    [Fact]
    public void From_Response_NeverCarriesSecrets()
    {
        var response = new DeviceResponse { Code = "CAM-1", Name = "摄像机", HasPassword = true, Probes = [ProbeKind.Rtsp] };

        var form = DeviceForm.From(response, null);

        form.Password.ShouldBeNull();
        form.Probes.ShouldBe([ProbeKind.Rtsp]);
    }
}
