using System.Text;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Protocols.Sip;

namespace Watchkeeper.Protocols.Tests.Sip;

public sealed class SipTransactionTests
{
    private readonly FakeTimeProvider _time = new();

    private static SipRequest Keepalive() => (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_keepalive.sip");

    private static SipRequest Query(string method = SipMethods.Message)
    {
        var device = SipUri.Parse("sip:34020000001320000002@127.0.0.1:5070")!;
        return new SipRequestBuilder(method, device)
        {
            From = new SipNameAddress(SipUri.Parse("sip:34020000002000000001@3402000000")!),
            To = new SipNameAddress(device),
            LocalHost = "127.0.0.1",
            LocalPort = 5060,
            Body = Encoding.ASCII.GetBytes("<Query><CmdType>Catalog</CmdType><SN>1</SN></Query>"),
        }.Build();
    }

    /// <summary>Parses what a device would send back: a response to <paramref name="request"/> as written on the wire.</summary>
    private static SipResponse Answer(SipRequest request, int statusCode, string reason) =>
        (SipResponse)SipCaptureParsingTests.Parse(SipMessageWriter.Write(SipResponse.For(request, statusCode, reason, "42")));

    [Fact]
    public void TryBegin_NewRequest_IsProcessed()
    {
        var table = new SipServerTransactions(_time);

        table.TryBegin(Keepalive(), out var response).ShouldBeTrue();

        response.ShouldBeNull();
    }

    [Fact]
    public void TryBegin_RetransmissionAfterResponse_ReturnsSameResponse()
    {
        var table = new SipServerTransactions(_time);
        var first = Keepalive();
        table.TryBegin(first, out _);
        var sent = SipResponse.For(first, 200, "OK", "1");
        table.Complete(first, sent);

        var isNew = table.TryBegin(Keepalive(), out var again);

        isNew.ShouldBeFalse();
        again.ShouldBeSameAs(sent);
    }

    [Fact]
    public void TryBegin_AfterSentBytes_ReturnsSameBytes()
    {
        var table = new SipServerTransactions(_time);
        var first = Keepalive();
        table.TryBegin(first, out _);
        var sent = SipMessageWriter.Write(SipResponse.For(first, 200, "OK", "1"));
        table.Complete(first, sent);

        var isNew = table.TryBegin(Keepalive(), out var again);

        isNew.ShouldBeFalse();
        again.ShouldNotBeNull();
        SipMessageWriter.Write(again).ShouldBe(sent);
    }

    [Fact]
    public void TryBegin_RetransmissionWhileProcessing_ReturnsNoResponse()
    {
        var table = new SipServerTransactions(_time);
        table.TryBegin(Keepalive(), out _);

        var isNew = table.TryBegin(Keepalive(), out var again);

        isNew.ShouldBeFalse();
        again.ShouldBeNull();
    }

    [Fact]
    public void TryBegin_DuplicateRequests_ProcessedOnce()
    {
        var table = new SipServerTransactions(_time);
        var processed = 0;

        for (var copy = 0; copy < 5; copy++)
        {
            var request = Keepalive();
            if (table.TryBegin(request, out _))
            {
                processed++;
                table.Complete(request, SipResponse.For(request, 200, "OK"));
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        processed.ShouldBe(1);
    }

    [Fact]
    public void TryBegin_AfterLifetime_IsNewAgain()
    {
        var table = new SipServerTransactions(_time);
        var request = Keepalive();
        table.TryBegin(request, out _);
        table.Complete(request, SipResponse.For(request, 200, "OK"));

        _time.Advance(SipServerTransactions.DefaultLifetime + TimeSpan.FromMilliseconds(1));

        table.TryBegin(Keepalive(), out _).ShouldBeTrue();
        table.Count.ShouldBe(1);
    }

    [Fact]
    public void TryBegin_OtherBranch_IsNew()
    {
        var table = new SipServerTransactions(_time);
        table.TryBegin(Keepalive(), out _);
        var next = Keepalive();
        next.Headers.Set("Via", "SIP/2.0/UDP 192.168.6.71:5060;rport;branch=z9hG4bK677047197");

        table.TryBegin(next, out _).ShouldBeTrue();
    }

    [Fact]
    public void TryBegin_Rfc2543BranchWithSameCallIdAndCSeq_IsRetransmission()
    {
        var table = new SipServerTransactions(_time);
        var first = Keepalive();
        first.Headers.Set("Via", "SIP/2.0/UDP 192.168.6.71:5060;branch=old1");
        var second = Keepalive();
        second.Headers.Set("Via", "SIP/2.0/UDP 192.168.6.71:5060;branch=old2");
        table.TryBegin(first, out _);

        table.TryBegin(second, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryBegin_Rfc2543NextCSeq_IsNew()
    {
        var table = new SipServerTransactions(_time);
        var first = Keepalive();
        first.Headers.Set("Via", "SIP/2.0/UDP 192.168.6.71:5060");
        var second = Keepalive();
        second.Headers.Set("Via", "SIP/2.0/UDP 192.168.6.71:5060");
        second.Headers.Set("CSeq", "21 MESSAGE");
        table.TryBegin(first, out _);

        table.TryBegin(second, out _).ShouldBeTrue();
    }

    [Fact]
    public void TryBegin_BeyondCapacity_DropsOldest()
    {
        var table = new SipServerTransactions(_time, capacity: 3);
        var requests = Enumerable.Range(0, 4).Select(_ => Query()).ToList();

        foreach (var request in requests)
        {
            table.TryBegin(request, out _);
        }

        table.Count.ShouldBe(3);
        table.TryBegin(requests[0], out _).ShouldBeTrue();
        table.TryBegin(requests[3], out _).ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_FinalResponse_CompletesWithIt()
    {
        var transactions = new SipClientTransactions(_time);
        var request = Query();

        var pending = transactions.SendAsync(request, (_, _) => ValueTask.CompletedTask, reliableTransport: false);
        var matched = transactions.HandleResponse(Answer(request, 200, "OK"));
        var response = await pending;

        matched.ShouldBeTrue();
        response!.StatusCode.ShouldBe(200);
        transactions.Count.ShouldBe(0);
    }

    [Fact]
    public void HandleResponse_OtherMethodSameBranch_DoesNotMatch()
    {
        var transactions = new SipClientTransactions(_time);
        var request = Query();
        _ = transactions.SendAsync(request, (_, _) => ValueTask.CompletedTask, reliableTransport: false);
        var answer = SipResponse.For(request, 200, "OK");
        answer.Headers.Set("CSeq", "1 SUBSCRIBE");

        transactions.HandleResponse(answer).ShouldBeFalse();
    }

    [Fact]
    public void HandleResponse_OtherBranch_DoesNotMatch()
    {
        var transactions = new SipClientTransactions(_time);
        var request = Query();
        _ = transactions.SendAsync(request, (_, _) => ValueTask.CompletedTask, reliableTransport: false);

        transactions.HandleResponse(Answer(Query(), 200, "OK")).ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_NoResponseOnUdp_RetransmitsOnScheduleThenTimesOut()
    {
        var transactions = new SipClientTransactions(_time);
        var sentAt = new List<double>();
        var start = _time.GetUtcNow();

        var pending = transactions.SendAsync(Query(), (_, _) =>
        {
            sentAt.Add((_time.GetUtcNow() - start).TotalSeconds);
            return ValueTask.CompletedTask;
        }, reliableTransport: false);
        for (var step = 0; step < 340; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // T1 = 0.5 s doubling to T2 = 4 s, until Timer F at 64 x T1 = 32 s (RFC 3261 section 17.1.2.2).
        sentAt.ShouldBe([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], tolerance: 0.001);
        (await pending).ShouldBeNull();
        transactions.Count.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_ReliableTransport_SendsOnceAndTimesOut()
    {
        var transactions = new SipClientTransactions(_time);
        var sends = 0;

        var pending = transactions.SendAsync(Query(), (_, _) => { sends++; return ValueTask.CompletedTask; }, reliableTransport: true);
        _time.Advance(TimeSpan.FromSeconds(31));
        var doneBeforeTimerF = pending.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));

        sends.ShouldBe(1);
        doneBeforeTimerF.ShouldBeFalse();
        (await pending).ShouldBeNull();
    }

    [Fact]
    public async Task SendAsync_Provisional_KeepsWaitingAndSlowsRetransmission()
    {
        var transactions = new SipClientTransactions(_time);
        var request = Query();
        var sentAt = new List<double>();
        var start = _time.GetUtcNow();

        var pending = transactions.SendAsync(request, (_, _) =>
        {
            sentAt.Add((_time.GetUtcNow() - start).TotalSeconds);
            return ValueTask.CompletedTask;
        }, reliableTransport: false);
        transactions.HandleResponse(Answer(request, 100, "Trying")).ShouldBeTrue();
        for (var step = 0; step < 100; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var stillWaiting = !pending.IsCompleted;
        transactions.HandleResponse(Answer(request, 200, "OK"));

        stillWaiting.ShouldBeTrue();
        sentAt.ShouldBe([0, 0.5, 4.5, 8.5], tolerance: 0.001);
        (await pending)!.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task SendAsync_InviteProvisional_StopsRetransmission()
    {
        var transactions = new SipClientTransactions(_time);
        var request = Query(SipMethods.Invite);
        var sends = 0;

        var pending = transactions.SendAsync(request, (_, _) => { sends++; return ValueTask.CompletedTask; }, reliableTransport: false);
        transactions.HandleResponse(Answer(request, 100, "Trying"));
        _time.Advance(TimeSpan.FromSeconds(10));
        transactions.HandleResponse(Answer(request, 200, "OK"));

        sends.ShouldBe(1);
        (await pending)!.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task SendAsync_Canceled_ThrowsAndForgetsTransaction()
    {
        var transactions = new SipClientTransactions(_time);
        using var cancellation = new CancellationTokenSource();

        var pending = transactions.SendAsync(Query(), (_, _) => ValueTask.CompletedTask, reliableTransport: false, cancellation.Token);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => pending);
        transactions.Count.ShouldBe(0);
    }
}
