using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tests.Infrastructure;

/// <summary>
/// One server on a fresh SQLite database for all tests of a class (an xUnit class fixture). Use it only for tests
/// that run on the default configuration and whose checks stay true whatever the other tests of the class have written.
/// Starting a server takes seconds, while a request takes milliseconds.
/// </summary>
public sealed class SharedApp : IAsyncLifetime
{
    private readonly AppOnDatabase _started = new(DatabaseProvider.Sqlite);

    public WatchkeeperApp App => _started.App;

    public ValueTask InitializeAsync()
    {
        // Starts the server here, so that its start-up counts against the fixture and not against the first test.
        _ = App.Services;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _started.DisposeAsync();
}
