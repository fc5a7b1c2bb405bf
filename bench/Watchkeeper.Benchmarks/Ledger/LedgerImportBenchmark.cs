using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Benchmarks.Ledger;

/// <summary>
/// Times ledger imports through the REST endpoint of the whole server, in process, on an empty database:
/// the first import (every row created), the same file again (every row unchanged) and a file that renames
/// every device (every row updated), then the export of the whole ledger in the same format.
/// </summary>
/// <remarks>
/// SQLite runs as the server's default configuration makes it (a file under the data folder, WAL). PostgreSQL
/// is the server named by WATCHKEEPER_TEST_POSTGRES, or else a private cluster that the test support starts
/// with fsync, synchronous_commit and full_page_writes off.
/// </remarks>
internal static class LedgerImportBenchmark
{
    private const string AdminPassword = "Bench-Admin-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = int.Parse(Option(args, "--rows") ?? "100000", CultureInfo.InvariantCulture);
        var databases = Expand(Option(args, "--database") ?? "both", ["sqlite", "postgresql"]);
        var formats = Expand(Option(args, "--format") ?? "both", ["csv", "xlsx"]);

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
            $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        var stopwatch = Stopwatch.StartNew();
        var original = LedgerFileGenerator.Rows(rows);
        var renamed = LedgerFileGenerator.Rows(rows, "（改）");
        var files = formats.ToDictionary(f => f, f => f == "csv"
            ? (Original: LedgerFileGenerator.Csv(original), Renamed: LedgerFileGenerator.Csv(renamed))
            : (Original: LedgerFileGenerator.Xlsx(original), Renamed: LedgerFileGenerator.Xlsx(renamed)));
        foreach (var (format, (first, _)) in files)
        {
            Console.WriteLine($"Generated {rows:N0} rows as {format}: {first.Length / 1024.0 / 1024.0:F1} MiB ({stopwatch.Elapsed.TotalSeconds:F1} s)");
        }

        Console.WriteLine();
        Console.WriteLine("| database | format | run | rows | created | updated | unchanged | request time | server time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var failed = false;
        foreach (var database in databases)
        {
            foreach (var format in formats)
            {
                failed |= !await RunOneAsync(database, format, files[format].Original, files[format].Renamed);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1L << 20)} MiB");
        return failed ? 1 : 0;
    }

    private static async Task<bool> RunOneAsync(string database, string format, byte[] original, byte[] renamed)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("watchkeeper-bench-").FullName;
        var connectionString = database == "postgresql" ? PostgresServer.CreateDatabase("wk_bench") : null;
        try
        {
            await using var host = new BenchmarkHost(dataDirectory, database == "postgresql" ? "PostgreSql" : "Sqlite", connectionString, AdminPassword);
            using var client = await host.CreateAdminClientAsync();
            var runs = new[] { ("first import", original), ("same file again", original), ("every row renamed", renamed) };
            foreach (var (run, content) in runs)
            {
                var (ok, line) = await ImportAsync(client, content, $"ledger.{format}");
                Console.WriteLine($"| {database} | {format} | {run} | {line}");
                if (!ok)
                {
                    return false;
                }
            }

            var stopwatch = Stopwatch.StartNew();
            var exported = await client.GetByteArrayAsync($"/api/v1/devices/export?format={format}");
            Console.WriteLine($"| {database} | {format} | export | {exported.Length / 1024.0 / 1024.0:F1} MiB | | | | {stopwatch.Elapsed.TotalSeconds:F1} s | |");
            return true;
        }
        finally
        {
            if (connectionString is not null)
            {
                PostgresServer.DropDatabase(connectionString);
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<(bool Ok, string Line)> ImportAsync(HttpClient client, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);

        var stopwatch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/v1/devices/import", form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        stopwatch.Stop();

        if (!response.IsSuccessStatusCode)
        {
            return (false, $"failed with {(int)response.StatusCode}: {body.GetProperty("detail").GetString()} |");
        }

        return (true, $"{body.GetProperty("rowCount").GetInt32():N0} | {body.GetProperty("created").GetInt32():N0} | " +
            $"{body.GetProperty("updated").GetInt32():N0} | {body.GetProperty("unchanged").GetInt32():N0} | " +
            $"{stopwatch.Elapsed.TotalSeconds:F1} s | {body.GetProperty("durationMilliseconds").GetInt64() / 1000.0:F1} s |");
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string[] Expand(string value, string[] all) => value == "both" ? all : [value];
}
