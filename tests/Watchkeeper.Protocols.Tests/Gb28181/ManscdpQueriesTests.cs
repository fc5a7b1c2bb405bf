using System.Text;
using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class ManscdpQueriesTests
{
    private const string DeviceId = "34020000001320000002";

    [Fact]
    public void Catalog_Body_StartsWithGb2312Declaration()
    {
        var body = ManscdpQueries.Catalog(7, DeviceId);

        Encoding.ASCII.GetString(body).ShouldStartWith("""<?xml version="1.0" encoding="GB2312"?>""");
    }

    [Theory]
    [InlineData("Catalog")]
    [InlineData("DeviceInfo")]
    [InlineData("DeviceStatus")]
    public void Build_SimpleQuery_RoundTripsThroughParser(string cmdType)
    {
        var body = cmdType switch
        {
            "Catalog" => ManscdpQueries.Catalog(7, DeviceId),
            "DeviceInfo" => ManscdpQueries.DeviceInfo(7, DeviceId),
            _ => ManscdpQueries.DeviceStatus(7, DeviceId),
        };

        var query = ManscdpParser.Parse(body).Value.ShouldBeOfType<ManscdpQuery>();

        query.Root.ShouldBe(ManscdpRoot.Query);
        query.CmdType.ShouldBe(cmdType);
        query.Sn.ShouldBe(7);
        query.DeviceId.ShouldBe(DeviceId);
    }

    [Fact]
    public void RecordInfo_Body_RoundTripsRangeAndTypeAll()
    {
        var body = ManscdpQueries.RecordInfo(31, "34020000001310000001", new DateTime(2024, 5, 17, 0, 0, 0), new DateTime(2024, 5, 17, 23, 59, 59));

        var query = ManscdpParser.Parse(body).Value.ShouldBeOfType<ManscdpQuery>();

        query.CmdType.ShouldBe("RecordInfo");
        query.DeviceId.ShouldBe("34020000001310000001");
        query.StartTime.ShouldBe(new DateTime(2024, 5, 17, 0, 0, 0));
        query.EndTime.ShouldBe(new DateTime(2024, 5, 17, 23, 59, 59));
        query.Type.ShouldBe("all");
        query.Secrecy.ShouldBeNull();
    }

    [Fact]
    public void RecordInfo_UtcTime_IsWrittenWithoutZone()
    {
        var body = ManscdpQueries.RecordInfo(1, "34020000001310000001", new DateTime(2024, 5, 17, 8, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 17, 9, 0, 0, DateTimeKind.Utc), secrecy: 0);
        var text = Encoding.ASCII.GetString(body);

        text.ShouldContain("<StartTime>2024-05-17T08:00:00</StartTime>");
        text.ShouldContain("<Secrecy>0</Secrecy>");
    }

    [Fact]
    public void RecordInfo_EndBeforeStart_Throws()
    {
        Should.Throw<ArgumentException>(() => ManscdpQueries.RecordInfo(1, DeviceId, new DateTime(2024, 5, 17), new DateTime(2024, 5, 16)));
    }

    [Fact]
    public void CatalogSubscribe_WithRange_RoundTrips()
    {
        var body = ManscdpQueries.CatalogSubscribe(40, DeviceId, new DateTime(2024, 5, 1), new DateTime(2024, 6, 1));

        var query = ManscdpParser.Parse(body).Value.ShouldBeOfType<ManscdpQuery>();

        query.CmdType.ShouldBe("Catalog");
        query.Sn.ShouldBe(40);
        query.StartTime.ShouldBe(new DateTime(2024, 5, 1));
        query.EndTime.ShouldBe(new DateTime(2024, 6, 1));
    }

    [Fact]
    public void CatalogSubscribe_WithoutRange_HasNoTimes()
    {
        var query = ManscdpParser.Parse(ManscdpQueries.CatalogSubscribe(41, DeviceId)).Value.ShouldBeOfType<ManscdpQuery>();

        query.StartTime.ShouldBeNull();
        query.EndTime.ShouldBeNull();
    }
}
