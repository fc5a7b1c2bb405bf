using System.Diagnostics;
using System.Text;
using Watchkeeper.Simulator.Runner;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>The stand-alone simulator program.</summary>
public sealed class RunnerTests
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "Watchkeeper.Simulator.dll");

    [Fact]
    public void Parse_Cameras_BareCamerasWithoutFaults()
    {
        var (options, error) = RunnerOptions.Parse(["--cameras", "200", "--address-base", "127.0.20"]);

        error.ShouldBeNull();
        options!.BareCameras.ShouldBeTrue();
        options.RunFaults.ShouldBeFalse();
        options.Fleet.CameraCount.ShouldBe(200);
        options.Fleet.RecorderCount.ShouldBe(0);
        options.Fleet.SwitchCount.ShouldBe(0);
        options.Fleet.CameraAddressBase.ShouldBe("127.0.20");
    }

    [Fact]
    public void Parse_NoArguments_DemoFleetWithRepeatingFaults()
    {
        var (options, _) = RunnerOptions.Parse([]);

        options!.BareCameras.ShouldBeFalse();
        options.RunFaults.ShouldBeTrue();
        options.RepeatFaults.ShouldBeTrue();
        options.Fleet.CameraCount.ShouldBe(50);
    }

    [Theory]
    [InlineData("--cameras", "many")]
    [InlineData("--rtsp-port")]
    [InlineData("--frobnicate")]
    public void Parse_BadArgument_ReturnsError(params string[] args)
    {
        var (options, error) = RunnerOptions.Parse(args);

        options.ShouldBeNull();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Program_Help_PrintsUsage()
    {
        var result = await DebianTool.RunAsync("dotnet", "dotnet-sdk-10.0", [Program, "--help"]);

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain("--cameras N");
        result.Output.ShouldContain("--address-base");
    }

    [Fact]
    public async Task Program_BareCameras_ServeUntilTerminated()
    {
        var addressBase = TestAddresses.NextBase();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Program, "--cameras", "3", "--address-base", addressBase })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Ctrl+C", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var snapshot = await DebianTool.CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", "admin:Wk-demo-2024", $"http://{addressBase}.3:10080/ISAPI/Streaming/channels/101/picture");
            await DebianTool.RunAsync("kill", "procps", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

            snapshot.Output.ShouldBe("200");
            process.ExitCode.ShouldBe(0);
            output.ToString().ShouldContain("LOAD-CAM-001");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Program_PortInUse_ExitsWithClearError()
    {
        var addressBase = TestAddresses.NextBase();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(addressBase + ".1"), 10554);
        squatter.Start();

        var result = await DebianTool.RunAsync("dotnet", "dotnet-sdk-10.0", [Program, "--cameras", "1", "--address-base", addressBase]);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"{addressBase}.1:10554");
        result.Error.ShouldContain("RtspPort");
    }
}
