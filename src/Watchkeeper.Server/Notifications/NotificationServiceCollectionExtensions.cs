using Microsoft.Extensions.Options;
using Watchkeeper.Server.Notifications.Senders;
using Watchkeeper.Server.Notifications.Templates;

namespace Watchkeeper.Server.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the notification channels: the outbox (<see cref="INotificationOutbox"/>), the templates
    /// (<see cref="INotificationTemplates"/>), one sender per channel kind, the delivery worker and the API's services.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.Section))
            .Validate(o => o.Delivery.MaxAttempts is >= 1 and <= 100, $"{NotificationOptions.Section}:Delivery:MaxAttempts must be 1-100.")
            .Validate(o => o.Delivery.MaxConcurrency is >= 1 and <= 64, $"{NotificationOptions.Section}:Delivery:MaxConcurrency must be 1-64.")
            .Validate(o => o.Delivery.Backoff.All(wait => wait > TimeSpan.Zero), $"{NotificationOptions.Section}:Delivery:Backoff must list positive waits such as 00:00:30.")
            .Validate(o => o.Delivery.Timeout > TimeSpan.Zero && o.Delivery.ClaimTimeout > o.Delivery.Timeout,
                $"{NotificationOptions.Section}:Delivery:Timeout must be positive and ClaimTimeout longer than it.")
            .ValidateOnStart();

        services.AddHttpClient(HttpSending.ClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Delivery.Timeout)
            .RemoveAllLoggers();
        services.AddSingleton<HttpSending>();
        services.AddSingleton<INotificationSender, EmailSender>();
        services.AddSingleton<INotificationSender, DingTalkSender>();
        services.AddSingleton<INotificationSender, WeComSender>();
        services.AddSingleton<INotificationSender, FeishuSender>();
        services.AddSingleton<INotificationSender, SmsSender>();
        services.AddSingleton<INotificationSender, WebhookSender>();

        services.AddSingleton<ChannelSettingsProtector>();
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<NotificationScopes>();
        services.AddSingleton<AlarmNotificationItems>();
        services.AddSingleton<NotificationTemplates>();
        services.AddSingleton<INotificationTemplates>(sp => sp.GetRequiredService<NotificationTemplates>());
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<NotificationOutbox>());
        services.AddSingleton<DeliveryProcessor>();
        services.AddSingleton<DeliveryQueries>();
        services.AddScoped<ChannelService>();
        services.AddHostedService(sp => new ConditionalDeliveryWorker(sp));
        return services;
    }

    /// <summary>Starts the delivery worker unless <c>Notifications:Enabled</c> is false.</summary>
    private sealed class ConditionalDeliveryWorker(IServiceProvider services) : IHostedService
    {
        private DeliveryWorker? _worker;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!services.GetRequiredService<IOptions<NotificationOptions>>().Value.Enabled)
            {
                return Task.CompletedTask;
            }

            _worker = ActivatorUtilities.CreateInstance<DeliveryWorker>(services);
            return _worker.StartAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => _worker?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }
}
