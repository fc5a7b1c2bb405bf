using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.HttpApi;

public sealed class IsapiParserTests
{
    [Fact]
    public void ParseDeviceInfo_NvrCapture_ReadsIdentity()
    {
        var info = IsapiParser.ParseDeviceInfo(DeviceXml.Parse(Fixtures.ReadCaptureBytes("isapi_hik_nvr_deviceinfo.xml")))!;

        info.Model.ShouldBe("DS-7608NXI-I2/8P/S");
        info.DeviceType.ShouldBe("NVR");
        info.FirmwareVersion.ShouldBe("V4.62.210");
        info.FirmwareReleasedDate.ShouldBe("build 230612");
        info.MacAddress.ShouldBe("cc:ed:d6:41:a8:39");
        Guid.TryParse(info.DeviceId, out _).ShouldBeTrue($"deviceID {info.DeviceId} is not a GUID");
        info.SerialNumber.ShouldBe("DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU");
    }

    [Fact]
    public void ParseDeviceInfo_NvrCapture_GivesFacts()
    {
        var facts = IsapiParser.ParseDeviceInfo(DeviceXml.Parse(Fixtures.ReadCaptureBytes("isapi_hik_nvr_deviceinfo.xml")))!.ToFacts();

        facts[ProbeFacts.Model].ShouldBe("DS-7608NXI-I2/8P/S");
        facts[ProbeFacts.FirmwareVersion].ShouldBe("V4.62.210 build 230612");
        facts[ProbeFacts.SerialNumber].ShouldBe("DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU");
        facts.ShouldNotContainKey(ProbeFacts.Manufacturer);
    }

    [Fact]
    public void ParseDeviceInfo_OtherRoot_ReturnsNull()
    {
        IsapiParser.ParseDeviceInfo(DeviceXml.Parse("<html><body>login</body></html>"u8.ToArray())).ShouldBeNull();
    }

    [Fact]
    public void ParseStorage_HddAndNasCapture_ReadsBothUnits()
    {
        var storage = IsapiParser.ParseStorage(DeviceXml.Parse(Fixtures.ReadCaptureBytes("isapi_hik_nvr_storage_hdd_and_nas.xml")));

        storage.WorkMode.ShouldBe("quota");
        storage.Units.Count.ShouldBe(2);

        var hdd = storage.Units[0];
        hdd.Subject.ShouldBe("HDD 1");
        hdd.Status.ShouldBe("ok");
        hdd.Condition.ShouldBe(DiskCondition.Healthy);
        hdd.CapacityMegabytes.ShouldBe(30436);
        hdd.FreeMegabytes.ShouldBe(27392);
        hdd.Description.ShouldBe("hdde, SATA, RW, 30,436 MB, 27,392 MB free");

        var nas = storage.Units[1];
        nas.Subject.ShouldBe("NAS 9");
        nas.Status.ShouldBe("ok");
        nas.Condition.ShouldBe(DiskCondition.Healthy);
        nas.CapacityMegabytes.ShouldBe(122346);
        nas.FreeMegabytes.ShouldBe(119552);
        nas.Description.ShouldBe("NFS, 192.168.0.1:/pub/hik, RW, 122,346 MB, 119,552 MB free");
    }

    [Fact]
    public void ParseStorage_PrefixedNamespace_ReadsByLocalName()
    {
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <isapi:storage xmlns:isapi="http://www.isapi.org/ver20/XMLSchema">
              <isapi:hddList>
                <isapi:hdd>
                  <isapi:id> 2 </isapi:id>
                  <isapi:hddName>hddf</isapi:hddName>
                  <isapi:status> error </isapi:status>
                  <isapi:capacity>
                    953869
                  </isapi:capacity>
                  <isapi:freeSpace>12x</isapi:freeSpace>
                </isapi:hdd>
              </isapi:hddList>
            </isapi:storage>
            """;

        var unit = IsapiParser.ParseStorage(DeviceXml.Parse(System.Text.Encoding.UTF8.GetBytes(Xml))).Units.ShouldHaveSingleItem();

        unit.Subject.ShouldBe("HDD 2");
        unit.Status.ShouldBe("error");
        unit.Condition.ShouldBe(DiskCondition.Abnormal);
        unit.CapacityMegabytes.ShouldBe(953869);
        unit.FreeMegabytes.ShouldBeNull();
    }

    [Theory]
    [InlineData("ok", DiskCondition.Healthy)]
    [InlineData("OK", DiskCondition.Healthy)]
    [InlineData("idle", DiskCondition.Healthy)]
    [InlineData("sleeping", DiskCondition.Healthy)]
    [InlineData("error", DiskCondition.Abnormal)]
    [InlineData("unformatted", DiskCondition.Abnormal)]
    [InlineData("smartFailed", DiskCondition.Abnormal)]
    [InlineData("abnormal", DiskCondition.Abnormal)]
    [InlineData("mismatch", DiskCondition.Abnormal)]
    [InlineData("offline", DiskCondition.Abnormal)]
    [InlineData("notexist", DiskCondition.Missing)]
    public void ParseStorage_HddStatus_MapsToCondition(string status, DiskCondition expected)
    {
        var xml = $"<storage><hddList><hdd><id>1</id><status>{status}</status></hdd></hddList></storage>";

        IsapiParser.ParseStorage(DeviceXml.Parse(System.Text.Encoding.UTF8.GetBytes(xml))).Units[0].Condition.ShouldBe(expected);
    }

    [Fact]
    public void ParseStorage_NoStatusElement_IsAbnormal()
    {
        var unit = IsapiParser.ParseStorage(DeviceXml.Parse("<storage><hddList><hdd><id>3</id></hdd></hddList></storage>"u8.ToArray())).Units[0];

        unit.Condition.ShouldBe(DiskCondition.Abnormal);
        unit.Status.ShouldBe("(no status)");
    }

    [Fact]
    public void ParseStorage_EmptyLists_NoUnits()
    {
        IsapiParser.ParseStorage(DeviceXml.Parse("<storage><hddList/><nasList/></storage>"u8.ToArray())).Units.ShouldBeEmpty();
    }

    [Fact]
    public void ParseResponseStatus_ErrorBody_ReadsStatus()
    {
        const string Xml = """
            <ResponseStatus version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
              <requestURL>/ISAPI/ContentMgmt/Storage</requestURL>
              <statusCode>4</statusCode>
              <statusString>Invalid Operation</statusString>
              <subStatusCode>lowPrivilege</subStatusCode>
            </ResponseStatus>
            """;

        IsapiParser.ParseResponseStatus(DeviceXml.Parse(System.Text.Encoding.UTF8.GetBytes(Xml))).ShouldBe("Invalid Operation (lowPrivilege)");
    }

    [Fact]
    public void Parse_DocumentTypeDefinition_IsRejected()
    {
        const string Xml = """<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbb">]><DeviceInfo><model>&b;</model></DeviceInfo>""";

        Should.Throw<System.Xml.XmlException>(() => DeviceXml.Parse(System.Text.Encoding.UTF8.GetBytes(Xml)));
    }
}
