using Watchkeeper.Core.Devices;
using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class CaptureParsingTests
{
    [Fact]
    public void Parse_KeepaliveCapture_ReadsStatusAndSn()
    {
        var message = CaptureBodies.Parse("gb_dahua_sd_keepalive.sip");

        var keepalive = message.ShouldBeOfType<KeepaliveNotify>();
        keepalive.Root.ShouldBe(ManscdpRoot.Notify);
        keepalive.CmdType.ShouldBe("Keepalive");
        keepalive.Sn.ShouldBe(539);
        keepalive.DeviceId.ShouldBe("34020000001320000002");
        keepalive.Status.ShouldBe("OK");
        keepalive.IsStatusOk.ShouldBeTrue();
        keepalive.FaultyChannelIds.ShouldBeEmpty();
        keepalive.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_KeepaliveCapture_BodyMatchesContentLength()
    {
        // SOURCES.md: the keepalive's Content-Length counts the body as stored (LF line ends).
        var length = int.Parse(Watchkeeper.TestSupport.Fixtures.CaptureHeader("gb_dahua_sd_keepalive.sip", "Content-Length"));

        CaptureBodies.Read("gb_dahua_sd_keepalive.sip").Length.ShouldBe(length);
    }

    [Fact]
    public void Parse_CatalogCapture_IsCompleteWithOneChannel()
    {
        var catalog = CaptureBodies.Parse("gb_dahua_sd_catalog_response_1item.sip").ShouldBeOfType<CatalogResponse>();

        catalog.Root.ShouldBe(ManscdpRoot.Response);
        catalog.IsNotify.ShouldBeFalse();
        catalog.Sn.ShouldBe(7);
        catalog.DeviceId.ShouldBe("34020000001320000002");
        catalog.SumNum.ShouldBe(1);
        var item = catalog.Items.ShouldHaveSingleItem();
        item.DeviceId.ShouldBe("34020000001310000001");
        item.Name.ShouldBe("DH71");
        item.Manufacturer.ShouldBe("Dahua");
        item.Model.ShouldBe("DH-SD-6C3230UE-HN");
        item.Owner.ShouldBe("0");
        item.CivilCode.ShouldBe("340200");
        item.Address.ShouldBe("axy");
        item.Parental.ShouldBe(0);
        item.ParentId.ShouldBe("34020000001320000002");
        item.RegisterWay.ShouldBe(1);
        item.Secrecy.ShouldBe(0);
        item.Status.ShouldBe("ON");
        item.IsOnline.ShouldBe(true);
        item.PtzType.ShouldBe(3);
        item.Event.ShouldBeNull();
        item.TypeCode.ShouldBe(131);
        item.Kind.ShouldBe(DeviceKind.Camera);

        var assembly = new CatalogAssembly(catalog.DeviceId, catalog.Sn);
        assembly.Add(catalog).State.ShouldBe(AssemblyState.Complete);
    }

    [Fact]
    public void Parse_DeviceInfoCapture_ReadsFirmwareWithComma()
    {
        var info = CaptureBodies.Parse("gb_dahua_sd_deviceinfo_response.sip").ShouldBeOfType<DeviceInfoResponse>();

        info.Sn.ShouldBe(9);
        info.DeviceName.ShouldBe("DH-SD-6C3230UE-HN");
        info.Result.ShouldBe("OK");
        info.DeviceType.ShouldBe("SD");
        info.Manufacturer.ShouldBe("Dahua");
        info.Model.ShouldBe("DH-SD-6C3230UE-HN");
        info.Firmware.ShouldBe("2.623.0000000.17.R,2019-01-19");
        info.MaxCamera.ShouldBe(1);
        info.MaxAlarm.ShouldBe(2);
        info.Channel.ShouldBe(1);
        info.Port.ShouldBe(80);
    }

    [Fact]
    public void Parse_DeviceInfoCapture_KeepsNoCredentials()
    {
        var info = CaptureBodies.Parse("gb_dahua_sd_deviceinfo_response.sip");

        var properties = info.GetType().GetProperties().Select(p => p.Name).ToList();
        properties.ShouldNotContain("LoginName");
        properties.ShouldNotContain("Password");
    }

    [Fact]
    public void Parse_DeviceStatusCapture_ReadsRecordOffAndAlarmInputs()
    {
        var status = CaptureBodies.Parse("gb_dahua_sd_devicestatus_response.sip").ShouldBeOfType<DeviceStatusResponse>();

        status.Sn.ShouldBe(10);
        status.Result.ShouldBe("OK");
        status.Online.ShouldBe("ONLINE");
        status.IsOnline.ShouldBe(true);
        status.Status.ShouldBe("OK");
        status.Encode.ShouldBe("ON");
        status.IsEncoding.ShouldBe(true);
        status.Record.ShouldBe("OFF");
        status.IsRecording.ShouldBe(false);
        status.DeviceTime.ShouldBe(new DateTime(2024, 5, 17, 14, 24, 54));
        status.DeviceTime!.Value.Kind.ShouldBe(DateTimeKind.Unspecified);
        status.AlarmInputs.Count.ShouldBe(2);
        status.AlarmInputs[0].ShouldBe(new AlarmInputStatus("34020000001340000001", "ONDUTY"));
        status.AlarmInputs[1].ShouldBe(new AlarmInputStatus("34020000001340000002", "ONDUTY"));
    }

    [Fact]
    public void Parse_CatalogQueryCapture_ReadsTarget()
    {
        var query = CaptureBodies.Parse("gb_exosip_catalog_query.sip").ShouldBeOfType<ManscdpQuery>();

        query.Root.ShouldBe(ManscdpRoot.Query);
        query.CmdType.ShouldBe("Catalog");
        query.Sn.ShouldBe(7);
        query.DeviceId.ShouldBe("34020000001320000002");
    }

    [Fact]
    public void Decode_CaptureBodies_AreAsciiDeclaredGb2312()
    {
        var decoded = ManscdpDecoder.Decode(CaptureBodies.Read("gb_dahua_sd_catalog_response_1item.sip")).Value;

        decoded.DeclaredEncoding.ShouldBe("GB2312");
        decoded.Encoding.CodePage.ShouldBe(54936);
        decoded.ReplacedSequences.ShouldBe(0);
        decoded.StrippedControlCharacters.ShouldBe(0);
    }
}
