namespace Watchkeeper.Server.Components.Shared;

public static class ConsoleAccessServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ConsoleAccess"/>, one per console circuit (a scope in Blazor Server).</summary>
    public static IServiceCollection AddConsoleAccess(this IServiceCollection services) =>
        services.AddScoped<ConsoleAccess>();
}
