using System.Globalization;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Alarms and catalog changes the device reports on demand (GB/T 28181-2016 §9.4 and §9.6.2).</summary>
public sealed partial class SimulatedGbDevice
{
    /// <summary>
    /// Sends an alarm notify; returns true when the platform answered 2xx. <see cref="GbAlarmDelivery.Notify"/> uses
    /// the platform's alarm subscription and falls back to a MESSAGE when there is none.
    /// </summary>
    public async Task<bool> SendAlarmAsync(GbAlarm alarm, GbAlarmDelivery delivery = GbAlarmDelivery.Message, CancellationToken cancellationToken = default)
    {
        var token = RunningToken(cancellationToken, out var linked);
        using (linked)
        {
            var body = NewBody("Notify", "Alarm", NextSn(), alarm.SourceId ?? DeviceId)
                .Element("AlarmPriority", alarm.Priority)
                .Element("AlarmMethod", alarm.Method)
                .Element("AlarmTime", FormatLocal(alarm.Time ?? LocalNow))
                .Element("AlarmDescription", alarm.Description);
            if (alarm.Type is { } type)
            {
                body.Open("Info").Element("AlarmType", type).Close();
            }

            LogAlarmSent(_logger, DeviceId, alarm.SourceId ?? DeviceId, alarm.Method, alarm.Type ?? 0, delivery);
            Counters.MessageSent();
            var subscription = delivery == GbAlarmDelivery.Notify ? Subscription("Alarm") : null;
            return subscription is null
                ? await SendMessageAsync(Encode(body), token)
                : await SendNotifyAsync(subscription, Encode(body), token);
        }
    }

    /// <summary>
    /// Reports catalog changes in a NOTIFY of the platform's catalog subscription, or as a Notify MESSAGE when there
    /// is none; returns true when the platform answered 2xx.
    /// </summary>
    public async Task<bool> NotifyCatalogAsync(IReadOnlyList<GbCatalogEvent> events, CancellationToken cancellationToken = default)
    {
        var token = RunningToken(cancellationToken, out var linked);
        using (linked)
        {
            var catalog = Catalog.ToDictionary(item => item.DeviceId);
            var body = NewBody("Notify", "Catalog", NextSn(), DeviceId)
                .Element("SumNum", events.Count)
                .Open("DeviceList", $"Num=\"{events.Count.ToString(CultureInfo.InvariantCulture)}\"");
            foreach (var change in events)
            {
                var item = catalog.GetValueOrDefault(change.ChannelId) ?? new GbCatalogItem(change.ChannelId, change.ChannelId, DeviceId);
                var online = change.Event is not (GbCatalogEventType.Off or GbCatalogEventType.VideoLost or GbCatalogEventType.Defect or GbCatalogEventType.Delete);
                WriteCatalogItem(body, item with { Online = online }, damaged: false, EventToken(change.Event));
            }

            Counters.MessageSent();
            var subscription = Subscription("Catalog");
            LogCatalogNotified(_logger, DeviceId, events.Count, subscription is not null);
            return subscription is null
                ? await SendMessageAsync(Encode(body.Close()), token)
                : await SendNotifyAsync(subscription, Encode(body.Close()), token);
        }
    }

    private static string EventToken(GbCatalogEventType type) => type switch
    {
        GbCatalogEventType.On => "ON",
        GbCatalogEventType.Off => "OFF",
        GbCatalogEventType.VideoLost => "VLOST",
        GbCatalogEventType.Defect => "DEFECT",
        GbCatalogEventType.Add => "ADD",
        GbCatalogEventType.Delete => "DEL",
        _ => "UPDATE",
    };

    private async Task<bool> SendNotifyAsync(GbSubscription subscription, byte[] body, CancellationToken cancellationToken)
    {
        var remaining = Math.Max(0, (int)(subscription.ExpiresAt - _timeProvider.GetUtcNow()).TotalSeconds);
        var request = NewRequest("NOTIFY", subscription.RemoteTarget)
            .Add("From", $"<{DeviceUri}>;tag={_localTag}")
            .Add("To", subscription.PlatformFrom)
            .Add("Call-ID", subscription.CallId)
            .Add("CSeq", $"{NextCSeq()} NOTIFY")
            .Add("Max-Forwards", "70")
            .Add("User-Agent", SipResponses.UserAgent)
            .Add("Event", subscription.Event)
            .Add("Subscription-State", $"active;expires={remaining.ToString(CultureInfo.InvariantCulture)}")
            .Add("Content-Type", "Application/MANSCDP+xml");
        request.Body = body;
        var response = await _transactions!.SendAsync(request, cancellationToken);
        return response is { StatusCode: >= 200 and < 300 };
    }

    private CancellationToken RunningToken(CancellationToken cancellationToken, out CancellationTokenSource linked)
    {
        var running = _running ?? throw new InvalidOperationException($"Device {DeviceId} is not running; call StartAsync first.");
        linked = CancellationTokenSource.CreateLinkedTokenSource(running.Token, cancellationToken);
        return linked.Token;
    }
}
