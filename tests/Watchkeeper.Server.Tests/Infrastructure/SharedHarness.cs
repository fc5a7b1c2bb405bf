using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>
/// One harness per database provider for the tests of a class that share it (the base of an xUnit class fixture).
/// Each harness starts on a test's first request for it and stops after the class's last test, so tests of the
/// class that start their own server pay nothing for it. Share it only between tests whose checks stay true whatever
/// the other sharing tests have written: validation errors, rejected requests, and rows that a test creates and then
/// looks up by its own id. The harness type is a type argument of the method, not of the class, so that fixtures
/// (which xUnit needs public) can share the internal harnesses.
/// </summary>
public abstract class SharedHarness : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<DatabaseProvider, IAsyncDisposable> _harnesses = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses.Values)
        {
            await harness.DisposeAsync();
        }

        _harnesses.Clear();
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the class's harness on <paramref name="provider"/>, starting it with <paramref name="start"/> on the first call.</summary>
    protected async Task<THarness> GetOrStartAsync<THarness>(DatabaseProvider provider, Func<DatabaseProvider, Task<THarness>> start)
        where THarness : class, IAsyncDisposable
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_harnesses.TryGetValue(provider, out var harness))
            {
                harness = await start(provider);
                _harnesses.Add(provider, harness);
            }

            return (THarness)harness;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>
/// A <see cref="WatchkeeperApp"/> on its own database with the default test settings, disposed together, for
/// <see cref="SharedHarness"/>.
/// </summary>
public sealed class AppOnDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    public AppOnDatabase(DatabaseProvider provider)
    {
        _database = TestDatabase.Create(provider);
        App = new WatchkeeperApp(_database);
    }

    public WatchkeeperApp App { get; }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>A shared server per provider with the default test settings (see <see cref="SharedHarness"/>).</summary>
public sealed class SharedApps : SharedHarness
{
    /// <summary>Returns the class's server on <paramref name="provider"/>, starting it on the first call.</summary>
    public async Task<WatchkeeperApp> GetAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        (await GetOrStartAsync(provider, started => Task.FromResult(new AppOnDatabase(started)))).App;
}
