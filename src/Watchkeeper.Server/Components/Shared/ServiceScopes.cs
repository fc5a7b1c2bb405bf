namespace Watchkeeper.Server.Components.Shared;

/// <summary>
/// Runs one console operation on a service from its own scope. A circuit lives for hours and its components
/// refresh concurrently, so sharing the circuit's scoped <c>DbContext</c> would both race and serve stale entities.
/// </summary>
public static class ServiceScopes
{
    public static async Task<TResult> RunAsync<TService, TResult>(this IServiceScopeFactory scopes, Func<TService, Task<TResult>> operation)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
