using System.Diagnostics;

namespace Watchkeeper.TestSupport;

/// <summary>
/// The PostgreSQL server the data tests use: the one named by <c>WATCHKEEPER_TEST_POSTGRES</c> (scripts/test.sh
/// starts a throwaway server and sets it), else a private cluster this process starts in a temporary folder.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "WATCHKEEPER_TEST_POSTGRES";
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to the server's maintenance database, as a superuser.</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>
    /// Returns a connection string for a new database on the server: empty, or a copy of <paramref name="template"/>.
    /// PostgreSQL copies a template only while no session is connected to it.
    /// </summary>
    public static string CreateDatabase(string prefix, string? template = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        var templateClause = template is null ? "" : $" TEMPLATE \"{template}\"";
        RunPsql($"CREATE DATABASE \"{name}\" ENCODING 'UTF8'{templateClause}");
        return WithDatabase(ConnectionString, name);
    }

    /// <summary>Returns the database name of a connection string, or null when it names none.</summary>
    public static string? DatabaseName(string connectionString) =>
        connectionString.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0].Trim().Equals("Database", StringComparison.OrdinalIgnoreCase))?[1];

    public static void DropDatabase(string connectionString)
    {
        var name = DatabaseName(connectionString);
        if (name is not null)
        {
            RunPsql($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        string.Join(';', connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.TrimStart().StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
            .Append($"Database={database}"));

    private static void RunPsql(string sql)
    {
        var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var info = new ProcessStartInfo("psql")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-h", parts.GetValueOrDefault("Host", "127.0.0.1"), "-p", parts.GetValueOrDefault("Port", "5432"),
                     "-U", parts.GetValueOrDefault("Username", "postgres"), "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql })
        {
            info.ArgumentList.Add(argument);
        }

        if (parts.TryGetValue("Password", out var password))
        {
            info.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start; install the Debian package postgresql-client-15.");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed ({process.ExitCode}) running '{sql}': {error.Result}");
        }
    }

    private static string StartOrFind()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var initdb = Path.Combine(BinDirectory, "initdb");
        if (!File.Exists(initdb))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({initdb} is missing) and {EnvironmentVariable} is not set. " +
                "Run the tests with scripts/test.sh, which installs the Debian package postgresql-15 as root and starts a server, " +
                "or install it with: apt-get install postgresql-15");
        }

        var directory = Directory.CreateTempSubdirectory("watchkeeper-pg-").FullName;
        var port = LoopbackPorts.FreeTcpPort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", "postgres:postgres", directory);
        }

        RunAsServerUser(asRoot, initdb, "-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        RunAsServerUser(asRoot, Path.Combine(BinDirectory, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsServerUser(asRoot, Path.Combine(BinDirectory, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-m", "immediate", "stop");
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException)
            {
                // The temporary cluster stays behind in /tmp; nothing else depends on it.
            }
        };

        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static void RunAsServerUser(bool asRoot, string fileName, params string[] arguments)
    {
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", fileName, .. arguments]);
        }
        else
        {
            Run(fileName, arguments);
        }
    }

    private static void Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed with {process.ExitCode}: {output.Result}{error.Result}");
        }
    }
}
