using System.Globalization;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Requests from the platform: query MESSAGEs and SUBSCRIBE, each answered once however often it arrives.</summary>
public sealed partial class SimulatedGbDevice
{
    private readonly string _localTag = SipUris.NewToken();

    private void OnInbound(SipInbound inbound)
    {
        var message = inbound.Message;
        if (!message.IsRequest)
        {
            _transactions?.OnResponse(message);
            return;
        }

        if (message.Method == "ACK")
        {
            return;
        }

        var branch = message.TopBranch() ?? $"{message.Header("Call-ID")}/{message.Header("CSeq")}";
        if (_answered.TryGetAnswered(branch, out var earlier))
        {
            if (earlier is not null)
            {
                _ = _socket!.SendAsync(earlier, inbound.Remote);
            }

            return;
        }

        var (status, reason, query) = message.Method switch
        {
            "MESSAGE" => OnMessage(message),
            "SUBSCRIBE" => OnSubscribe(message),
            "INVITE" => (488, "Not Acceptable Here", null),
            "NOTIFY" or "BYE" or "OPTIONS" or "INFO" or "CANCEL" => (200, "OK", null),
            _ => (501, "Not Implemented", null),
        };

        if (status == 0)
        {
            // The "queries unanswered" fault: nothing is sent, now or for a retransmission.
            _answered.Record(branch, null);
            LogQueryIgnored(_logger, DeviceId, message.Method!);
            return;
        }

        var response = SipResponses.Create(message, status, reason, _localTag);
        if (message.Method == "SUBSCRIBE" && status == 200)
        {
            AcceptSubscription(message, response, query);
        }

        var bytes = response.ToBytes();
        _answered.Record(branch, bytes);
        _ = _socket!.SendAsync(bytes, inbound.Remote);
        if (query is not null && message.Method == "MESSAGE" && status == 200)
        {
            Counters.QueryAnswered();
            var token = _running?.Token ?? CancellationToken.None;
            _ = Task.Run(() => AnswerQueryAsync(query, token), token);
        }
    }

    /// <summary>Returns the status for a MESSAGE (0 for none at all) and the query it carries.</summary>
    private (int Status, string Reason, ManscdpRequest? Query) OnMessage(SipMessage message)
    {
        var request = ManscdpRequest.Parse(message.Body);
        if (request is null)
        {
            LogUnreadableBody(_logger, DeviceId, message.Method!, message.Body.Length);
            return (400, "Bad Request", null);
        }

        if (request.Root.Equals("Query", StringComparison.OrdinalIgnoreCase))
        {
            return HasFault(GbFault.QueriesUnanswered) ? (0, "", null) : (200, "OK", request);
        }

        LogMessageAccepted(_logger, DeviceId, request.Root, request.CmdType);
        return (200, "OK", null);
    }

    private (int Status, string Reason, ManscdpRequest? Query) OnSubscribe(SipMessage message)
    {
        var request = ManscdpRequest.Parse(message.Body);
        if (request is null)
        {
            LogUnreadableBody(_logger, DeviceId, message.Method!, message.Body.Length);
            return (400, "Bad Request", null);
        }

        if (HasFault(GbFault.QueriesUnanswered))
        {
            return (0, "", null);
        }

        return request.CmdType.ToUpperInvariant() is "CATALOG" or "ALARM" or "MOBILEPOSITION"
            ? (200, "OK", request)
            : (489, "Bad Event", null);
    }

    private void AcceptSubscription(SipMessage request, SipMessage response, ManscdpRequest? query)
    {
        var expires = int.TryParse(request.Header("Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 3600;
        var eventHeader = request.Header("Event") ?? query!.CmdType;
        response
            .Add("Expires", expires.ToString(CultureInfo.InvariantCulture))
            .Add("Event", eventHeader)
            .Add("Contact", $"<sip:{DeviceId}@{_socket!.LocalEndPoint}>")
            .Add("Content-Type", "Application/MANSCDP+xml");
        response.Body = Encode(NewBody("Response", query!.CmdType, query.Sn, DeviceId).Element("Result", "OK"));

        var contact = request.Header("Contact");
        var target = contact is null ? PlatformRequestUri : contact.Trim().TrimStart('<').Split('>')[0];
        lock (_subscriptions)
        {
            if (expires == 0)
            {
                _subscriptions.Remove(query.CmdType);
            }
            else
            {
                _subscriptions[query.CmdType] = new GbSubscription(
                    request.Header("Call-ID") ?? "",
                    request.Header("From") ?? $"<{ServerUri}>",
                    eventHeader,
                    target,
                    _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(expires));
            }
        }

        LogSubscribed(_logger, DeviceId, query.CmdType, expires);
    }

    private GbSubscription? Subscription(string cmdType)
    {
        lock (_subscriptions)
        {
            return _subscriptions.TryGetValue(cmdType, out var subscription) && subscription.ExpiresAt > _timeProvider.GetUtcNow()
                ? subscription
                : null;
        }
    }

    /// <summary>True while the platform holds an unexpired subscription for <paramref name="cmdType"/> (Catalog, Alarm).</summary>
    public bool IsSubscribed(string cmdType) => Subscription(cmdType) is not null;

    /// <summary>A subscription the platform made; NOTIFYs go in its dialog.</summary>
    private sealed record GbSubscription(string CallId, string PlatformFrom, string Event, string RemoteTarget, DateTimeOffset ExpiresAt);
}
