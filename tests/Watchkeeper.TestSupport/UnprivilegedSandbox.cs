using System.Diagnostics;
using System.Globalization;

namespace Watchkeeper.TestSupport;

/// <summary>
/// Runs one test method of the current test assembly again in a child process, as the user "nobody" inside a
/// new network namespace of its own. Tests use it to check behavior that depends on privileges (raw sockets,
/// net.ipv4.ping_group_range) without changing anything on the host: the namespace has its own loopback
/// interface and its own copy of the sysctl.
/// </summary>
/// <remarks>
/// Needs root and the programs unshare and setpriv (Debian package util-linux) and ip (iproute2).
/// The test method tells the two roles apart with <see cref="IsChild"/>.
/// </remarks>
public static class UnprivilegedSandbox
{
    public const string ResultVariable = "WATCHKEEPER_SANDBOX_RESULT";

    private const int NobodyId = 65534;

    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(90);

    private static readonly (string Program, string Package)[] RequiredPrograms =
    [
        ("/usr/bin/unshare", "util-linux"),
        ("/usr/bin/setpriv", "util-linux"),
        ("/usr/sbin/ip", "iproute2"),
    ];

    /// <summary>True inside the child process; the path where the child writes its result is then set.</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(ResultVariable) is not null;

    /// <summary>Writes the child's result for the parent to read.</summary>
    public static Task WriteResultAsync(IEnumerable<string> lines) =>
        File.WriteAllLinesAsync(Environment.GetEnvironmentVariable(ResultVariable)!, lines);

    /// <summary>
    /// Runs the test method <paramref name="methodName"/> of <paramref name="testClass"/> in the sandbox, with
    /// net.ipv4.ping_group_range set to <paramref name="pingGroupRange"/> there; returns the lines it wrote.
    /// </summary>
    public static async Task<string[]> RunAsync(Type testClass, string methodName, string pingGroupRange, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The sandbox uses Linux network namespaces.");
        }

        EnsureAvailable();
        var testMethod = $"{testClass.FullName}.{methodName}";
        var resultDirectory = Directory.CreateTempSubdirectory("watchkeeper-sandbox-");
        try
        {
            // The child runs as "nobody" and must be able to write its result.
            File.SetUnixFileMode(resultDirectory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            var resultPath = Path.Combine(resultDirectory.FullName, "result.txt");
            var output = await RunChildAsync(testClass.Assembly.Location, testMethod, pingGroupRange, resultPath, resultDirectory.FullName, cancellationToken);
            return File.Exists(resultPath)
                ? await File.ReadAllLinesAsync(resultPath, cancellationToken)
                : throw new InvalidOperationException($"The sandboxed test {testMethod} wrote no result. Output:\n{output}");
        }
        finally
        {
            resultDirectory.Delete(recursive: true);
        }
    }

    private static void EnsureAvailable()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("This test creates a network namespace and must run as root (scripts/test.sh runs the tests as root).");
        }

        foreach (var (program, package) in RequiredPrograms)
        {
            if (!File.Exists(program))
            {
                throw new InvalidOperationException($"{program} is missing: install the Debian package {package} (scripts/test.sh does this as root).");
            }
        }
    }

    private static async Task<string> RunChildAsync(string assembly, string testMethod, string pingGroupRange, string resultPath, string home, CancellationToken cancellationToken)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath ?? "dotnet";
        var script = string.Create(CultureInfo.InvariantCulture,
            $"ip link set lo up && echo '{pingGroupRange}' > /proc/sys/net/ipv4/ping_group_range && exec setpriv --reuid={NobodyId} --regid={NobodyId} --clear-groups --inh-caps=-all \"$@\"");

        var info = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--net", "sh", "-c", script, "sandbox", dotnet, assembly, "-method", testMethod, "-noColor", "-noLogo" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[ResultVariable] = resultPath;
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_CLI_HOME"] = home;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("unshare did not start");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(ChildTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await standardOutput + await standardError;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"The sandboxed test {testMethod} failed with exit code {process.ExitCode}. Output:\n{output}");
    }
}
