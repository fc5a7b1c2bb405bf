using Microsoft.AspNetCore.Hosting;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Browser.Tests;

/// <summary>The whole server on a real Kestrel port of 127.0.0.1, for a real browser.</summary>
public sealed class BrowserApp : IAsyncDisposable
{
    private BrowserApp(WatchkeeperApp app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WatchkeeperApp App { get; }

    public Uri BaseAddress { get; }

    public static BrowserApp Start(TestDatabase database, IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        // Port 0 lets Kestrel take a free port itself; a port picked beforehand can be taken by another
        // test before Kestrel binds it, and the host then stops while it starts.
        var app = new WatchkeeperApp(database, settings, configureServices);
        app.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        app.StartServer();
        var bound = app.ClientOptions.BaseAddress;
        return new BrowserApp(app, new Uri($"http://127.0.0.1:{bound.Port}/"));
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
