using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class RecordInfoAssemblyTests
{
    private const string ChannelId = "34020000001310000001";
    private const long Sn = 5;

    [Fact]
    public void Add_HundredsOfItemsConcurrently_StoresEachOnce()
    {
        var parts = Enumerable.Range(0, 60).Select(p => Part(600, Enumerable.Range(p * 10, 10).ToArray())).ToArray();
        var assembly = new RecordInfoAssembly(ChannelId, Sn);

        Parallel.ForEach(parts.Concat(parts), part => assembly.Add(part));

        assembly.State.ShouldBe(AssemblyState.Complete);
        assembly.Items.Count.ShouldBe(600);
    }

    [Fact]
    public void Expire_SumNumNeverReached_IsPartialWithCount()
    {
        var assembly = new RecordInfoAssembly(ChannelId, Sn);
        foreach (var part in Enumerable.Range(0, 30).Select(p => Part(400, Enumerable.Range(p * 10, 10).ToArray())))
        {
            assembly.Add(part).State.ShouldBe(AssemblyState.Pending);
        }

        var progress = assembly.Expire();

        progress.State.ShouldBe(AssemblyState.Partial);
        progress.ToString().ShouldBe("300/400");
    }

    [Fact]
    public void Add_SameTimesOtherFile_AreDistinct()
    {
        var assembly = new RecordInfoAssembly(ChannelId, Sn);
        var start = new DateTime(2024, 5, 17, 8, 0, 0);
        var first = Record(start, "/a.mp4");
        var second = Record(start, "/b.mp4");

        assembly.Add(Response(3, first, second, first));

        assembly.Items.Count.ShouldBe(2);
    }

    [Fact]
    public void Expire_NoPart_IsNeverAnswered()
    {
        new RecordInfoAssembly(ChannelId, Sn).Expire().State.ShouldBe(AssemblyState.NeverAnswered);
    }

    private static RecordInfoResponse Part(int sumNum, int[] indexes) =>
        Response(sumNum, indexes.Select(i => Record(new DateTime(2024, 5, 1).AddMinutes(10 * i), $"/rec/{i}.mp4")).ToArray());

    private static RecordItem Record(DateTime start, string filePath) => new()
    {
        DeviceId = ChannelId,
        FilePath = filePath,
        StartTime = start,
        EndTime = start.AddMinutes(10),
        Type = "time",
    };

    private static RecordInfoResponse Response(int sumNum, params RecordItem[] items) => new()
    {
        Root = ManscdpRoot.Response,
        CmdType = "RecordInfo",
        Sn = Sn,
        DeviceId = ChannelId,
        SumNum = sumNum,
        Items = items,
    };
}
