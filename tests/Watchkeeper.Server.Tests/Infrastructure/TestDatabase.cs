using Watchkeeper.Server.Data;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>
/// A fresh database of one provider for one test or test class, migrated and without rows. Disposing it drops it.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? _directory;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? directory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static TestDatabase Create(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            return new TestDatabase(provider, PostgresServer.CreateDatabase("wk_test", MigratedTemplates.PostgreSqlDatabase), null);
        }

        var directory = TestDirectories.Create("watchkeeper-sqlite-");
        var file = Path.Combine(directory, "watchkeeper.db");
        File.Copy(MigratedTemplates.SqliteFile, file);
        return new TestDatabase(provider, $"Data Source={file};Pooling=False", directory);
    }

    public void Dispose()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            PostgresServer.DropDatabase(ConnectionString);
        }
        else if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a pooled connection; the folder is temporary.
            }
        }
    }
}

/// <summary>Theory data that runs a data test once per database provider.</summary>
public sealed class BothDatabases : TheoryData<DatabaseProvider>
{
    public BothDatabases()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.PostgreSql);
    }
}
