using System.Text;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Rtsp;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Rtsp;

/// <summary>
/// The RTSP probe against servers that send garbage, stop half-way, never stop, or never respond. Each must end
/// in an Unreachable outcome with a clear reason within the target's timeout.
/// </summary>
public sealed class RtspProbeHostileServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    // Guards every probe call: a probe that ignores its timeout fails here instead of stalling the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private static Task<ProbeOutcome> ProbeAsync(ScriptedTcpServer server)
    {
        var target = new ProbeTarget
        {
            DeviceId = 7,
            Code = "CAM-7",
            Kind = DeviceKind.Camera,
            RtspUrl = RtspScript.UrlOf(server),
            Timeout = Timeout,
        };
        return new RtspProbe().RunAsync(target, TestContext.Current.CancellationToken).WaitAsync(HangGuard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Run_HttpServer_UnreachableProtocolError()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            await connection.ReadHeaderBlockAsync();
            await connection.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            await connection.WaitForCloseAsync();
        });

        var outcome = await ProbeAsync(server);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ProtocolError);
        outcome.Detail.ShouldContain("not RTSP");
        outcome.Detail.ShouldContain("HTTP/1.1 400");
    }

    [Fact]
    public async Task Run_BinaryGarbage_UnreachableProtocolError()
    {
        var garbage = Enumerable.Range(0, 512).Select(i => (byte)((i * 37) % 256)).ToArray();
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            await connection.WriteAsync(garbage);
            await connection.WaitForCloseAsync();
        });

        var outcome = await ProbeAsync(server);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBeOneOf(ProbeReason.ProtocolError, ProbeReason.ResponseTooLarge);
        outcome.Detail.ShouldContain("127.0.0.1");
    }

    [Fact]
    public async Task Run_ResponseCutOffInHeaders_UnreachableConnectionReset()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            var request = await RtspScript.ReadRequestAsync(connection);
            await connection.WriteAsync($"RTSP/1.0 200 OK\r\nCSeq: {request.CSeq}\r\nPubl");
        });

        var outcome = await ProbeAsync(server);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionReset);
        outcome.Detail.ShouldContain("closed");
    }

    [Fact]
    public async Task Run_DescribeBodyCutOff_UnreachableConnectionReset()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            var options = await RtspScript.ReadRequestAsync(connection);
            await connection.WriteAsync(RtspScript.Response(options.CSeq, "200 OK"));
            var describe = await RtspScript.ReadRequestAsync(connection);
            await connection.WriteAsync($"RTSP/1.0 200 OK\r\nCSeq: {describe.CSeq}\r\nContent-Length: 400\r\n\r\nv=0\r\no=- 1 1");
        });

        var outcome = await ProbeAsync(server);

        outcome.Reason.ShouldBe(ProbeReason.ConnectionReset);
        outcome.Detail.ShouldContain("of 400");
    }

    [Fact]
    public async Task Run_AcceptThenReset_UnreachableConnectionReset()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            await RtspScript.ReadRequestAsync(connection);
            connection.Reset();
        });

        var outcome = await ProbeAsync(server);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ConnectionReset);
    }

    [Fact]
    public async Task Run_EndlessHeaders_UnreachableResponseTooLarge()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            var request = await RtspScript.ReadRequestAsync(connection);
            await connection.WriteAsync($"RTSP/1.0 200 OK\r\nCSeq: {request.CSeq}\r\n");
            var junk = Encoding.ASCII.GetBytes("X-Padding: " + new string('a', 200) + "\r\n");
            while (true)
            {
                await connection.WriteAsync(junk);
            }
        });

        var outcome = await ProbeAsync(server);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
        outcome.Detail.ShouldContain("reading stopped");
    }

    [Fact]
    public async Task Run_EndlessLine_UnreachableResponseTooLarge()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            await RtspScript.ReadRequestAsync(connection);
            var junk = Encoding.ASCII.GetBytes(new string('R', 4096));
            while (true)
            {
                await connection.WriteAsync(junk);
            }
        });

        var outcome = await ProbeAsync(server);

        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
        outcome.Detail.ShouldContain("line");
    }

    [Fact]
    public async Task Run_EndlessEmptyLines_UnreachableResponseTooLarge()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            await RtspScript.ReadRequestAsync(connection);
            var newlines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("\r\n", 2048)));
            while (true)
            {
                await connection.WriteAsync(newlines);
            }
        });

        var outcome = await ProbeAsync(server);

        outcome.Reason.ShouldBe(ProbeReason.ResponseTooLarge);
    }

    [Fact]
    public async Task Run_SilentServer_TimesOutWaitingForOptions()
    {
        await using var server = ScriptedTcpServer.Start(connection => connection.WaitForCloseAsync());

        var outcome = await ProbeAsync(server);

        outcome.Status.ShouldBe(ProbeStatus.Unreachable);
        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("waiting for the OPTIONS response");
        outcome.Detail.ShouldContain("accepted the connection");
        server.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task Run_SilentAfterOptions_TimesOutWaitingForDescribe()
    {
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            var request = await RtspScript.ReadRequestAsync(connection);
            await connection.WriteAsync(RtspScript.Response(request.CSeq, "200 OK"));
            await connection.WaitForCloseAsync();
        });

        var outcome = await ProbeAsync(server);

        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Detail.ShouldContain("waiting for the DESCRIBE response");
    }

    [Fact]
    public async Task Run_SlowDrip_TimesOutWithinTimeout()
    {
        // One byte every 100 ms: a complete response would take seconds, past the 1 s timeout.
        await using var server = ScriptedTcpServer.Start(async connection =>
        {
            var request = await RtspScript.ReadRequestAsync(connection);
            foreach (var character in RtspScript.Response(request.CSeq, "200 OK", null, "Public: OPTIONS, DESCRIBE"))
            {
                await connection.WriteAsync([(byte)character]);
                await Task.Delay(TimeSpan.FromMilliseconds(100), connection.Stopping);
            }
        });

        var outcome = await ProbeAsync(server);

        outcome.Reason.ShouldBe(ProbeReason.Timeout);
        outcome.Latency.ShouldBeLessThan(HangGuard);
    }

    [Fact]
    public async Task Run_NothingListening_UnreachableConnectionRefused()
    {
        var port = LoopbackPorts.FreeTcpPort();
        var target = new ProbeTarget
        {
            DeviceId = 8,
            Code = "CAM-8",
            Kind = DeviceKind.Camera,
            RtspUrl = $"rtsp://127.0.0.1:{port}/camera",
            Timeout = Timeout,
        };

        var outcome = await new RtspProbe().RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Reason.ShouldBe(ProbeReason.ConnectionRefused);
        outcome.Detail.ShouldContain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task Run_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = ScriptedTcpServer.Start(connection => connection.WaitForCloseAsync());
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var target = new ProbeTarget
        {
            DeviceId = 9,
            Code = "CAM-9",
            Kind = DeviceKind.Camera,
            RtspUrl = RtspScript.UrlOf(server),
            Timeout = TimeSpan.FromMinutes(5),
        };
        var probing = new RtspProbe().RunAsync(target, cancellation.Token);

        await server.Accepted.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => probing.WaitAsync(HangGuard, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(null, "no RTSP URL")]
    [InlineData("   ", "no RTSP URL")]
    [InlineData("http://127.0.0.1/camera", "only rtsp://")]
    [InlineData("not a url", "not an absolute URL")]
    public async Task Run_MissingOrInvalidUrl_SkippedNotConfigured(string? url, string expected)
    {
        var target = new ProbeTarget { DeviceId = 10, Code = "CAM-10", Kind = DeviceKind.Camera, RtspUrl = url };

        var outcome = await new RtspProbe().RunAsync(target, TestContext.Current.CancellationToken);

        outcome.Status.ShouldBe(ProbeStatus.Skipped);
        outcome.Reason.ShouldBe(ProbeReason.NotConfigured);
        outcome.Detail.ShouldContain(expected);
    }
}
