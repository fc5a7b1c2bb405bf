using System.Globalization;

namespace Watchkeeper.Benchmarks;

/// <summary>Reads "--name value" options of a benchmark's command line.</summary>
internal static class BenchmarkOptions
{
    public static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Number(string[] args, string name, int defaultValue) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
