using System.Diagnostics;
using System.Globalization;

namespace Watchkeeper.Benchmarks.Gb28181;

/// <summary>The totals of one sipp run, read from its statistics file (-trace_stat) and from /usr/bin/time.</summary>
internal sealed record SippResult(
    int ExitCode,
    long Successful,
    long Failed,
    long Retransmissions,
    long TimeoutFailures,
    double ElapsedSeconds,
    double SteadyRate,
    double CpuSeconds,
    string Diagnostics)
{
    /// <summary>Calls that got 200 OK, per second over the whole run.</summary>
    public double Rate => ElapsedSeconds > 0 ? Successful / ElapsedSeconds : 0;
}

/// <summary>
/// Runs Debian's sipp (package sip-tester) as a UAC with a scenario from the sipp folder beside the benchmark, bound
/// to 127.0.0.1 and aimed at a loopback port only, and reads its statistics.
/// </summary>
internal static class SippRun
{
    public const string Executable = "/usr/bin/sipp";

    /// <summary>Seconds at the start of a run left out of <see cref="SippResult.SteadyRate"/>.</summary>
    private const int WarmUpSeconds = 3;

    public static string ScenarioPath(string name) => Path.Combine(AppContext.BaseDirectory, "Gb28181", "sipp", name);

    public static bool IsInstalled() => File.Exists(Executable);

    /// <summary>
    /// Starts a sipp UAS in the background that responds 200 OK to every MESSAGE, for a sipp-to-sipp comparison.
    /// The caller stops it by its process id.
    /// </summary>
    public static Process StartAnswerer(int port)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[]
                 {
                     "-sf", ScenarioPath("uas.xml"), "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "u1",
                     "-nostdin", "-max_recv_loops", "100000", "-max_sched_loops", "100000", "-buff_size", "4194304",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start");
        process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return process;
    }

    /// <summary>
    /// Sends <paramref name="calls"/> keepalives at <paramref name="rate"/> a second to 127.0.0.1:<paramref name="targetPort"/>
    /// from one UDP socket on 127.0.0.1:<paramref name="localPort"/>, with at most <paramref name="limit"/> open at once.
    /// </summary>
    public static async Task<SippResult> RunKeepalivesAsync(string workDirectory, string injectionFile, int targetPort, int localPort,
        int rate, int limit, long calls, IReadOnlyDictionary<string, string> keys)
    {
        var statFile = Path.Combine(workDirectory, $"sipp-{DateTime.UtcNow:HHmmss}.csv");
        var timeFile = statFile + ".time";
        var errorFile = statFile + ".err";
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workDirectory,
        };
        var arguments = new List<string>
        {
            "-f", "%U %S", "-o", timeFile,
            Executable, $"127.0.0.1:{targetPort}",
            "-sf", ScenarioPath("keepalive.xml"),
            "-inf", injectionFile,
            "-i", "127.0.0.1", "-p", localPort.ToString(CultureInfo.InvariantCulture),
            "-t", "u1",
            "-r", rate.ToString(CultureInfo.InvariantCulture), "-rp", "1000",
            "-l", limit.ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-max_recv_loops", "100000", "-max_sched_loops", "100000", "-buff_size", "4194304",
            "-nostdin", "-trace_stat", "-stf", statFile, "-fd", "1",
            "-trace_err", "-error_file", errorFile,
        };
        foreach (var (name, value) in keys)
        {
            arguments.AddRange(["-key", name, value]);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("sipp did not start");
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        var errorText = await error;

        var cpu = File.Exists(timeFile)
            ? File.ReadAllText(timeFile).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
                .Select(t => double.TryParse(t, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0)
                .Sum()
            : 0;
        var firstErrors = File.Exists(errorFile) ? string.Join(" | ", File.ReadLines(errorFile).Take(3)) : "";
        return Read(statFile, process.ExitCode, cpu, $"{errorText.Trim()} {firstErrors}".Trim());
    }

    /// <summary>Reads the last cumulative line of a statistics file and the rate between its periodic lines.</summary>
    private static SippResult Read(string statFile, int exitCode, double cpu, string diagnostics)
    {
        if (!File.Exists(statFile))
        {
            return new SippResult(exitCode, 0, 0, 0, 0, 0, 0, cpu, $"no statistics file: {diagnostics}");
        }

        var lines = File.ReadAllLines(statFile).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(';');
        var rows = lines.Skip(1).Select(l => l.Split(';')).ToList();
        long Count(string[] row, string column) => long.Parse(row[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);

        var last = rows[^1];
        var startedAt = Epoch(last[Array.IndexOf(header, "StartTime")]);
        double At(string[] row) => Epoch(row[Array.IndexOf(header, "CurrentTime")]) - startedAt;
        var elapsed = At(last);

        // The periodic lines come once a second (-fd 1): the steady rate leaves out the warm-up and the last,
        // partial period.
        var steady = 0.0;
        var periodic = rows.Where(r => At(r) >= WarmUpSeconds).ToList();
        if (periodic.Count >= 3)
        {
            var from = periodic[0];
            var to = periodic[^2];
            var seconds = At(to) - At(from);
            steady = seconds > 0 ? (Count(to, "SuccessfulCall(C)") - Count(from, "SuccessfulCall(C)")) / seconds : 0;
        }

        return new SippResult(
            exitCode,
            Count(last, "SuccessfulCall(C)"),
            Count(last, "FailedCall(C)"),
            Count(last, "Retransmissions(C)"),
            Count(last, "FailedMaxUDPRetrans(C)") + Count(last, "FailedTimeoutOnRecv(C)"),
            elapsed,
            steady,
            cpu,
            diagnostics);
    }

    /// <summary>Reads the Unix time that ends a sipp time stamp such as "2026-12-05\t00:14:51.368448\t1796429691.368448".</summary>
    private static double Epoch(string text) =>
        double.Parse(text.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture);
}
