using System.Net;
using System.Net.Sockets;
using Watchkeeper.Protocols.Snmp;

namespace Watchkeeper.Protocols.Tests.Snmp;

/// <summary>
/// The UDP exchange against a scripted peer. A real snmpd cannot send stray ids or garbage, so these
/// behaviours are scripted; the happy path runs against snmpd in <see cref="SnmpProbeAgentTests"/>.
/// </summary>
public sealed class SnmpClientTests
{
    private static readonly ObjectIdentifier[] SysUpTime = [SnmpProbe.SysUpTime];

    private readonly SnmpClient _client = new();

    [Fact]
    public async Task GetAsync_StrayAnswersFirst_ReturnsMatchingResponse()
    {
        await using var agent = new ScriptedSnmpAgent((request, _, _) =>
        [
            [0x30, 0x03, 0x02, 0x01],
            ScriptedSnmpAgent.Respond(request!, _ => SnmpValue.TimeTicks(1), requestId: request!.Pdu.RequestId + 1),
            ScriptedSnmpAgent.Respond(request!, _ => SnmpValue.TimeTicks(4200)),
        ]);

        var response = await _client.GetAsync(agent.Endpoint, "public", SysUpTime, TimeSpan.FromSeconds(2), 1, TestContext.Current.CancellationToken);

        response.VarBinds[0].Value.ToInt64().ShouldBe(4200);
    }

    [Fact]
    public async Task GetAsync_FirstRequestLost_RetriesWithSameRequestId()
    {
        var requestIds = new List<int>();
        await using var agent = new ScriptedSnmpAgent((request, _, number) =>
        {
            lock (requestIds)
            {
                requestIds.Add(request!.Pdu.RequestId);
            }

            return number == 1 ? [] : [ScriptedSnmpAgent.Respond(request!, _ => SnmpValue.TimeTicks(7))];
        });

        var response = await _client.GetAsync(agent.Endpoint, "public", SysUpTime, TimeSpan.FromSeconds(1), 1, TestContext.Current.CancellationToken);

        response.VarBinds[0].Value.ToInt64().ShouldBe(7);
        agent.RequestsReceived.ShouldBe(2);
        requestIds.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_SilentAgent_TimesOutAfterAllAttempts()
    {
        await using var agent = new ScriptedSnmpAgent((_, _, _) => []);

        var error = await Should.ThrowAsync<TimeoutException>(() =>
            _client.GetAsync(agent.Endpoint, "public", SysUpTime, TimeSpan.FromMilliseconds(400), 1, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("2 attempts");
        agent.RequestsReceived.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_OnlyGarbage_RaisesFormatError()
    {
        await using var agent = new ScriptedSnmpAgent((_, _, _) => [[0x30, 0x82, 0x01]]);

        var error = await Should.ThrowAsync<SnmpFormatException>(() =>
            _client.GetAsync(agent.Endpoint, "public", SysUpTime, TimeSpan.FromMilliseconds(400), 1, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("length field");
    }

    [Fact]
    public async Task GetAsync_NothingListening_RaisesConnectionRefused()
    {
        var port = Watchkeeper.TestSupport.LoopbackPorts.FreeUdpPort();

        var error = await Should.ThrowAsync<SocketException>(() =>
            _client.GetAsync(new IPEndPoint(IPAddress.Loopback, port), "public", SysUpTime, TimeSpan.FromSeconds(2), 1, TestContext.Current.CancellationToken));

        error.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
    }

    [Fact]
    public async Task GetAsync_Cancelled_StopsAtOnce()
    {
        await using var agent = new ScriptedSnmpAgent((_, _, _) => []);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(100));

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Should.ThrowAsync<OperationCanceledException>(() =>
            _client.GetAsync(agent.Endpoint, "public", SysUpTime, TimeSpan.FromSeconds(30), 1, cancellation.Token));

        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
