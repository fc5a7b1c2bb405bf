using Watchkeeper.Server.Calendars;

namespace Watchkeeper.Server.Notifications.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers business calendars, routing rules, receiver groups, escalation policies and the notification dispatcher
    /// (settings in <c>Notifications:Routing</c>). The dispatcher needs <c>AddNotifications</c> (outbox, templates) and
    /// <c>AddAlarmSuppression</c> (windows and silences).
    /// </summary>
    public static IServiceCollection AddNotificationRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.Section));
        services.AddScoped<CalendarService>();
        services.AddScoped<NotificationRuleService>();
        services.AddScoped<ReceiverGroupService>();
        services.AddScoped<EscalationPolicyService>();
        services.AddScoped<RoutingLookupService>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
