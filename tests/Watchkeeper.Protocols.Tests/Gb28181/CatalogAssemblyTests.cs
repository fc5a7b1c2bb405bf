using Watchkeeper.Protocols.Gb28181;

namespace Watchkeeper.Protocols.Tests.Gb28181;

public sealed class CatalogAssemblyTests
{
    private const string RecorderId = "34020000001180000001";
    private const long Sn = 17;

    [Fact]
    public async Task Add_ConcurrentParts_StoresEachOnce()
    {
        const int channels = 2000;
        var parts = Enumerable.Range(1, channels)
            .AsParallel()
            .AsOrdered()
            .Select(i => CaptureBodies.Gb18030(CaptureBodies.Catalog(channels, CaptureBodies.CatalogItem(CaptureBodies.ChannelId(i), $"通道{i}"))))
            .Select(body => ManscdpParser.Parse(body).Value.ShouldBeOfType<CatalogResponse>())
            .ToArray();
        // Several rounds, because on a machine with few cores one round can pass without a real overlap.
        for (var round = 0; round < 10; round++)
        {
            var (assembly, completions) = await AddConcurrently(parts, threadCount: 8);

            assembly.State.ShouldBe(AssemblyState.Complete);
            assembly.Items.Count.ShouldBe(channels);
            assembly.Items.Select(i => i.DeviceId).Distinct().Count().ShouldBe(channels);
            assembly.Progress.PartCount.ShouldBe(channels);
            assembly.Progress.ToString().ShouldBe("2000/2000");
            completions.ShouldBeGreaterThanOrEqualTo(1);
        }
    }

    [Fact]
    public void Expire_SomePartsMissing_IsPartial()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);
        assembly.Add(Part(5, 1, 2));

        var progress = assembly.Expire();

        progress.State.ShouldBe(AssemblyState.Partial);
        progress.ToString().ShouldBe("2/5");
    }

    [Fact]
    public void Expire_NoPart_IsNeverAnswered()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);

        var progress = assembly.Expire();

        progress.State.ShouldBe(AssemblyState.NeverAnswered);
        progress.SumNum.ShouldBeNull();
    }

    [Fact]
    public void Expire_AfterComplete_StaysComplete()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);
        assembly.Add(Part(2, 1, 2));

        assembly.Expire().State.ShouldBe(AssemblyState.Complete);
    }

    [Fact]
    public void Add_BeforeSumNumReached_IsPending()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);

        var progress = assembly.Add(Part(3, 1));

        progress.State.ShouldBe(AssemblyState.Pending);
        progress.ReceivedCount.ShouldBe(1);
    }

    [Fact]
    public void Add_DuplicateItem_KeepsLaterCopy()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);
        assembly.Add(Part(2, 1));

        var progress = assembly.Add(NamedPart(2, ("later", 1)));

        progress.State.ShouldBe(AssemblyState.Pending);
        progress.ReceivedCount.ShouldBe(1);
        assembly.Items.ShouldHaveSingleItem().Name.ShouldBe("later");
    }

    [Fact]
    public void Add_DifferentSumNum_IsNoted()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);
        assembly.Add(Part(3, 1));

        var progress = assembly.Add(Part(4, 2));

        progress.SumNum.ShouldBe(3);
        assembly.DifferentSumNums.ShouldBe([4]);
    }

    [Fact]
    public void Add_AfterExpire_IsNotAccepted()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);
        assembly.Add(Part(3, 1));
        assembly.Expire();

        var progress = assembly.Add(Part(3, 2));

        progress.Accepted.ShouldBeFalse();
        assembly.Items.Count.ShouldBe(1);
    }

    [Fact]
    public void Add_EmptyCatalog_IsComplete()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);

        assembly.Add(Part(0, Array.Empty<int>())).State.ShouldBe(AssemblyState.Complete);
    }

    [Fact]
    public void Add_OtherSn_Throws()
    {
        var assembly = new CatalogAssembly(RecorderId, Sn + 1);

        Should.Throw<ArgumentException>(() => assembly.Add(Part(1, 1)));
    }

    // Parts are parsed before the threads start, and the threads start together, so the Add calls overlap.
    private static async Task<(CatalogAssembly Assembly, int Completions)> AddConcurrently(CatalogResponse[] parts, int threadCount)
    {
        var assembly = new CatalogAssembly(RecorderId, Sn);
        var completions = 0;
        using var start = new Barrier(threadCount);
        var adders = Enumerable.Range(0, threadCount).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (var i = t; i < parts.Length; i += threadCount)
                {
                    if (assembly.Add(parts[i]).State == AssemblyState.Complete)
                    {
                        Interlocked.Increment(ref completions);
                    }
                }
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(adders).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (assembly, completions);
    }

    private static CatalogResponse Part(int sumNum, params int[] channels) =>
        NamedPart(sumNum, channels.Select(c => ($"通道{c}", c)).ToArray());

    private static CatalogResponse NamedPart(int sumNum, params (string Name, int Channel)[] items)
    {
        var xml = items.Select(i => CaptureBodies.CatalogItem(CaptureBodies.ChannelId(i.Channel), i.Name)).ToArray();
        return ManscdpParser.Parse(CaptureBodies.Gb18030(CaptureBodies.Catalog(sumNum, xml))).Value.ShouldBeOfType<CatalogResponse>();
    }
}
