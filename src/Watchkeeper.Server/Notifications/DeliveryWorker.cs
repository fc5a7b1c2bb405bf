using Microsoft.Extensions.Options;

namespace Watchkeeper.Server.Notifications;

/// <summary>Runs <see cref="DeliveryProcessor"/> whenever deliveries are queued and at every poll interval.</summary>
public sealed partial class DeliveryWorker(DeliveryProcessor processor, DeliverySignal signal, IOptions<NotificationOptions> options, ILogger<DeliveryWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(options.Value.Delivery.MaxConcurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await processor.RunDueAsync(stoppingToken);
                await signal.WaitAsync(options.Value.Delivery.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // A database outage must not end the worker; it tries again after the poll interval.
                LogPassFailed(exception);
                await Task.Delay(options.Value.Delivery.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        LogStopped();
    }

    [LoggerMessage(LogLevel.Information, "Notification delivery worker started, sending at most {MaxConcurrency} at once")]
    private partial void LogStarted(int maxConcurrency);

    [LoggerMessage(LogLevel.Information, "Notification delivery worker stopped")]
    private partial void LogStopped();

    [LoggerMessage(LogLevel.Error, "A pass of the notification delivery worker failed; retrying after the poll interval")]
    private partial void LogPassFailed(Exception exception);
}
