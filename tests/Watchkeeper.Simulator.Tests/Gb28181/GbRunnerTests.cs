using System.Diagnostics;
using System.Globalization;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.Simulator.Runner;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>The simulator program's GB/T 28181 mode.</summary>
public sealed class GbRunnerTests
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "Watchkeeper.Simulator.dll");

    [Fact]
    public void Parse_GbDevices_GbOnlyCamerasWithoutRecorders()
    {
        var (options, error) = RunnerOptions.Parse(["--gb-devices", "100", "--gb-platform", "127.0.0.1:5060", "--gb-server-id", "34020000002000000009", "--gb-password", "pw", "--gb-transport", "tcp", "--gb-bulk"]);

        error.ShouldBeNull();
        options!.GbOnly.ShouldBeTrue();
        options.Gb!.CameraCount.ShouldBe(100);
        options.Gb.RecorderCount.ShouldBe(0);
        options.Gb.ServerId.ShouldBe("34020000002000000009");
        options.Gb.Password.ShouldBe("pw");
        options.Gb.Transport.ShouldBe(GbTransport.Tcp);
        options.Gb.SharedSocket.ShouldBeTrue();
    }

    [Fact]
    public void Parse_GbPlatformOnly_DemoFleetWithGbDemoDevices()
    {
        var (options, _) = RunnerOptions.Parse(["--gb-platform", "127.0.0.1:5070"]);

        options!.GbOnly.ShouldBeFalse();
        options.Gb!.RecorderCount.ShouldBe(2);
        options.Gb.ChannelsPerRecorder.ShouldBe(8);
        options.Gb.CameraCount.ShouldBe(4);
        options.Gb.PlatformEndPoint.Port.ShouldBe(5070);
    }

    [Theory]
    [InlineData("--gb-platform", "10.0.0.5:5060")]
    [InlineData("--gb-platform", "127.0.0.1")]
    [InlineData("--gb-devices", "5")]
    [InlineData("--gb-platform", "127.0.0.1:5060", "--gb-transport", "sctp")]
    public void Parse_BadGbArgument_ReturnsError(params string[] args)
    {
        var (options, error) = RunnerOptions.Parse(args);

        options.ShouldBeNull();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Program_GbDevices_RegisterThenUnregisterOnTerminate()
    {
        await using var platform = TestSipPlatform.Start();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            Program, "--gb-devices", "3", "--gb-platform", platform.EndPoint.ToString(), "--gb-server-id", TestSipPlatform.ServerId,
            "--gb-password", TestSipPlatform.Password, "--gb-address-base", TestAddresses.NextBase(),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var registered = await platform.WaitUntilAsync(_ => platform.DigestResults.Count(valid => valid) >= 3, TimeSpan.FromSeconds(30));
            await DebianTool.RunAsync("kill", "procps", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

            registered.ShouldBeTrue();
            process.ExitCode.ShouldBe(0);
            platform.Requests("REGISTER").Count(message => message.Header("Expires") == "0").ShouldBe(3);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
