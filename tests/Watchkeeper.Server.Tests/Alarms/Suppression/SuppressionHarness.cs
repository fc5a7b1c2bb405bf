using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Alarms.Suppression;

/// <summary>
/// A server on fake time with the two-organization <see cref="ScopedFleet"/>. The suppression worker's loop is off
/// unless a test turns it on, so tests run its evaluations themselves.
/// </summary>
internal sealed class SuppressionHarness : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private SuppressionHarness(TestDatabase database, WatchkeeperApp app, FakeTimeProvider time, ScopedFleet fleet)
    {
        _database = database;
        App = app;
        Time = time;
        Fleet = fleet;
    }

    public WatchkeeperApp App { get; }

    public TestDatabase Database => _database;

    public FakeTimeProvider Time { get; }

    public ScopedFleet Fleet { get; }

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<SuppressionHarness> StartAsync(DatabaseProvider provider, bool workerLoop = false)
    {
        var database = TestDatabase.Create(provider);

        // Whole seconds, so that times read back from either database compare equal.
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero));
        var app = new WatchkeeperApp(database, Settings(workerLoop), services => services.AddSingleton<TimeProvider>(time));
        var fleet = await ScopedFleet.CreateAsync(app);
        return new SuppressionHarness(database, app, time, fleet);
    }

    /// <summary>The worker's settings: a safety interval of a day, so that due times come from the windows and silences alone.</summary>
    public static Dictionary<string, string?> Settings(bool workerLoop) => new()
    {
        ["Alarms:Suppression:Enabled"] = workerLoop ? "true" : "false",
        ["Alarms:Suppression:SafetyIntervalSeconds"] = "86400",
    };

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await client.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync(client, HttpMethod.Get, path, null, expected);

    public static Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected) =>
        SendAsync(client, HttpMethod.Post, path, body, expected);

    public static IReadOnlyList<long> IdsOf(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>A <see cref="SuppressionHarness"/> per provider with the worker loop off, shared by the tests of a class.</summary>
public sealed class SharedSuppressionHarness : SharedHarness
{
    internal Task<SuppressionHarness> GetAsync(DatabaseProvider provider) => GetOrStartAsync(provider, started => SuppressionHarness.StartAsync(started));
}
