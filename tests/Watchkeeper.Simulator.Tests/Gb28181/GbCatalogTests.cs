using System.Text;
using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>Catalog queries: splitting, SumNum, item IDs and the character-set and damage faults.</summary>
public sealed class GbCatalogTests
{
    private const string RecorderId = "34020000001180000003";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Catalog_Recorder_SplitIntoMessagesWithSumNum()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 8, alarmInputs: 2);

        var responses = await QueryCatalogAsync(platform, expectedItems: 10);

        responses.Count.ShouldBe(3);
        responses.ShouldAllBe(message => message.Element("SumNum") == "10");
        responses.Select(message => message.Count("Item")).ShouldBe([4, 4, 2], ignoreOrder: true);
    }

    [Fact]
    public async Task Catalog_Recorder_ChannelAndAlarmInputTypeCodes()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 8, alarmInputs: 2);

        var ids = ItemIds(await QueryCatalogAsync(platform, expectedItems: 10));

        ids.Distinct().Count().ShouldBe(10);
        ids.Count(id => id.Substring(10, 3) == "131").ShouldBe(8);
        ids.Count(id => id.Substring(10, 3) == "134").ShouldBe(2);
    }

    [Fact]
    public async Task Catalog_Recorder_ChineseNamesAndParent()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 2, alarmInputs: 0);

        var responses = await QueryCatalogAsync(platform, expectedItems: 2);

        responses.SelectMany(message => message.Elements("Name")).ShouldContain("东门入口 1");
        responses.SelectMany(message => message.Elements("ParentID")).ShouldAllBe(parent => parent == RecorderId);
    }

    [Fact]
    public async Task Catalog_Camera_ListsItself()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await platform.StartDeviceAsync();

        var responses = await QueryCatalogAsync(platform, expectedItems: 1, targetId: device.DeviceId);

        responses.Count.ShouldBe(1);
        ItemIds(responses).ShouldBe([device.DeviceId]);
        responses[0].Element("SumNum").ShouldBe("1");
    }

    [Fact]
    public async Task Catalog_SingleItemsFault_OneItemPerMessage()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 6, alarmInputs: 0);
        device.SetFault(GbFault.CatalogSingleItems);

        var responses = await QueryCatalogAsync(platform, expectedItems: 6);

        responses.Count.ShouldBe(6);
        responses.ShouldAllBe(message => message.Count("Item") == 1 && message.Element("SumNum") == "6");
        responses.ShouldAllBe(message => message.Text.Contains("<DeviceList Num=\"1\">"));
    }

    [Fact]
    public async Task Catalog_ConcurrentFault_EveryItemArrivesOnce()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 32, alarmInputs: 0);
        device.SetFault(GbFault.CatalogConcurrentOutOfOrder);

        var responses = await QueryCatalogAsync(platform, expectedItems: 32);

        responses.Count.ShouldBe(32);
        ItemIds(responses).Distinct().Count().ShouldBe(32);
        responses.Select(message => message.Element("SumNum")).Distinct().ShouldBe(["32"]);
    }

    [Fact]
    public async Task Catalog_NamesOutsideGb2312_SentAsGb18030()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 1, alarmInputs: 0);
        device.SetFault(GbFault.NamesOutsideGb2312);

        var body = (await QueryCatalogAsync(platform, expectedItems: 1))[0].Body;

        ContainsBytes(body, GbEncoding.Gb18030.GetBytes("<Name>萳溪桥头 1</Name>")).ShouldBeTrue();
        Encoding.ASCII.GetString(body).ShouldContain("encoding=\"GB2312\"");
        IsValidUtf8(body).ShouldBeFalse();
    }

    [Fact]
    public async Task Catalog_Utf8Fault_Utf8BodyDeclaringGb2312()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 1, alarmInputs: 0);
        device.SetFault(GbFault.Utf8BodiesDeclaredGb2312);

        var body = (await QueryCatalogAsync(platform, expectedItems: 1))[0].Body;

        ContainsBytes(body, Encoding.UTF8.GetBytes("<Name>东门入口 1</Name>")).ShouldBeTrue();
        Encoding.ASCII.GetString(body).ShouldContain("encoding=\"GB2312\"");
    }

    [Fact]
    public async Task Catalog_DamagedItemFault_RawBytesInsideAddress()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 4, alarmInputs: 0);
        device.SetFault(GbFault.DamagedCatalogItem);

        var body = (await QueryCatalogAsync(platform, expectedItems: 4))[0].Body;

        var start = IndexOf(body, Encoding.ASCII.GetBytes("<Address>")) + "<Address>".Length;
        var end = IndexOf(body, Encoding.ASCII.GetBytes("</Address>"));
        var address = body[start..end];
        address.ShouldContain((byte)0xFF);
        address.ShouldContain((byte)0x07);
        GbEncoding.Gb18030.GetString(body).ShouldContain("<Name>东门入口 1</Name>");
    }

    [Fact]
    public async Task Catalog_IncompleteFault_FewerItemsThanSumNum()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 6, alarmInputs: 0);
        device.SetFault(GbFault.CatalogSingleItems | GbFault.CatalogIncomplete);

        await platform.QueryAsync("Catalog", RecorderId, sn: 11);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        var responses = platform.Messages("Catalog");
        responses.Count.ShouldBe(4);
        responses.ShouldAllBe(message => message.Element("SumNum") == "6");
    }

    [Fact]
    public async Task Catalog_QueriesUnanswered_NoResponseAtAll()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 2, alarmInputs: 0);
        device.SetFault(GbFault.QueriesUnanswered);

        await platform.QueryAsync("Catalog", RecorderId, sn: 12);
        await Task.Delay(800, TestContext.Current.CancellationToken);

        platform.Received.Where(message => !message.IsRequest && message.CSeqMethod == "MESSAGE").ShouldBeEmpty();
        platform.Messages("Catalog").ShouldBeEmpty();
    }

    [Fact]
    public async Task Catalog_RetransmittedQuery_AnsweredOnce()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 2, alarmInputs: 0);

        var branch = await platform.QueryAsync("Catalog", RecorderId, sn: 13);
        await platform.QueryAsync("Catalog", RecorderId, sn: 13, branch: branch);
        await platform.WaitUntilAsync(_ => platform.Messages("Catalog").Count >= 1, Wait);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        platform.Received.Count(message => !message.IsRequest && message.Branch == branch).ShouldBe(2);
        platform.Messages("Catalog").Count.ShouldBe(1);
        device.Counters.QueriesAnswered.ShouldBe(1);
    }

    [Fact]
    public async Task Catalog_ResponseSn_EchoesQuery()
    {
        await using var platform = TestSipPlatform.Start();
        await using var device = await StartRecorderAsync(platform, channels: 2, alarmInputs: 0);

        var responses = await QueryCatalogAsync(platform, expectedItems: 2, sn: 4711);

        responses.ShouldAllBe(message => message.Element("SN") == "4711");
    }

    internal static async Task<SimulatedGbDevice> StartRecorderAsync(TestSipPlatform platform, int channels, int alarmInputs) =>
        await platform.StartDeviceAsync(
            options =>
            {
                options.ChannelCount = channels;
                options.AlarmInputCount = alarmInputs;
            },
            RecorderId);

    private static async Task<IReadOnlyList<PeerMessage>> QueryCatalogAsync(TestSipPlatform platform, int expectedItems, string targetId = RecorderId, int sn = 7)
    {
        await platform.QueryAsync("Catalog", targetId, sn);
        await platform.WaitUntilAsync(_ => ItemIds(platform.Messages("Catalog")).Count >= expectedItems, Wait);
        return platform.Messages("Catalog");
    }

    private static List<string> ItemIds(IEnumerable<PeerMessage> responses) =>
        responses.SelectMany(message => message.Elements("DeviceID").Skip(1)).ToList();

    private static bool ContainsBytes(byte[] haystack, byte[] needle) => IndexOf(haystack, needle) >= 0;

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static bool IsValidUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
