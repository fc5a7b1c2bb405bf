using System.Diagnostics;
using System.Text;

namespace Watchkeeper.Simulator.Tests.Support;

/// <summary>
/// A one-shot command-line client from Debian (ffprobe, curl, snmpget) run against the simulator, the way an
/// engineer would check a device by hand.
/// </summary>
internal static class DebianTool
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task<ToolResult> FfprobeAsync(params string[] arguments) => RunAsync("ffprobe", "ffmpeg", arguments);

    public static Task<ToolResult> CurlAsync(params string[] arguments) => RunAsync("curl", "curl", arguments);

    public static Task<ToolResult> SnmpgetAsync(params string[] arguments) => RunAsync("snmpget", "snmp", arguments);

    public static Task<ToolResult> SnmpwalkAsync(params string[] arguments) => RunAsync("snmpwalk", "snmp", arguments);

    /// <summary>Runs <paramref name="tool"/> to its end; fails the test with the package to install when it is missing.</summary>
    public static async Task<ToolResult> RunAsync(string tool, string package, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed; install the Debian package '{package}' (apt-get install {package}).");

        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Numeric OIDs only: Debian's snmp package ships without the MIB files.
        info.Environment["MIBS"] = "";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {timeout ?? DefaultTimeout}.");
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}

internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("exit ").Append(ExitCode).AppendLine();
        text.AppendLine(Output);
        text.AppendLine(Error);
        return text.ToString();
    }
}
