using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Watchkeeper.Protocols.Gb28181;
using Watchkeeper.Protocols.Sip;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// The platform's GB/T 28181 SIP server (上级平台): UDP and TCP on one port, REGISTER through the registrar,
/// MESSAGE and NOTIFY bodies to the session book and the query manager, and requests to devices through
/// client transactions.
/// </summary>
public sealed partial class GbSipServer(
    GbRegistrar registrar,
    GbSessionBook book,
    GbQueryManager queries,
    GbLivenessWatch watch,
    GbMetrics metrics,
    IOptionsMonitor<Gb28181Options> options,
    TimeProvider time,
    ILogger<GbSipServer> logger) : IHostedService, IGbRequestSender, IAsyncDisposable
{
    private readonly SipServerTransactions _serverTransactions = new(time);
    private readonly SipClientTransactions _clientTransactions = new(time);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _restarting = new(1, 1);
    private SipUdpChannel? _udp;
    private SipTcpListener? _tcp;
    private long _cseq;

    /// <summary>The UDP port the server listens on, once started; 0 before.</summary>
    public int UdpPort => _udp?.LocalEndPoint.Port ?? 0;

    /// <summary>The TCP port the server listens on, once started; 0 before.</summary>
    public int TcpPort => _tcp?.LocalEndPoint.Port ?? 0;

    /// <summary>Why the server is not listening, when it is not; null while it listens or before it starts.</summary>
    public string? StartFailure { get; private set; }

    /// <summary>True while at least one transport (UDP or TCP) is open.</summary>
    public bool IsListening => _udp is not null || _tcp is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Listen();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Closes the transports and opens them again with the current options, e.g. after the listen address, the
    /// port or the transports changed. Sessions stay: UDP devices are reached at their last address, and devices
    /// on a closed TCP connection are reached again once they reconnect.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _restarting.WaitAsync(cancellationToken);
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            LogRestarting(UdpPort, TcpPort);
            await CloseTransportsAsync();
            StartFailure = null;
            Listen();
        }
        finally
        {
            _restarting.Release();
        }
    }

    private void Listen()
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            LogDisabled();
            return;
        }

        if (!IPAddress.TryParse(settings.ListenAddress, out var address))
        {
            StartFailure = $"Gb28181:ListenAddress '{settings.ListenAddress}' is not an IP address";
            LogStartFailed(StartFailure);
            return;
        }

        try
        {
            var port = settings.SipPort;
            if (settings.EnableUdp)
            {
                _udp = SipUdpChannel.Start(new IPEndPoint(address, port), HandleDatagramAsync, new SipUdpChannelOptions { OnError = LogTransportError });
                port = _udp.LocalEndPoint.Port;
            }

            if (settings.EnableTcp)
            {
                _tcp = SipTcpListener.Start(new IPEndPoint(address, port), HandleTcpMessageAsync, new SipTcpListenerOptions
                {
                    MaxConnections = Math.Max(1, settings.MaxTcpConnections),
                    OnError = LogTransportError,
                    OnFrameError = (connection, error) => LogFrameError(connection.RemoteEndPoint, error.Message),
                });
            }
        }
        catch (SocketException exception)
        {
            StartFailure = $"cannot listen on {settings.ListenAddress}:{settings.SipPort}: {exception.Message}; free the port or set Gb28181:SipPort";
            LogStartFailed(StartFailure);
            return;
        }

        // Removing first keeps one subscription when a restart opens the transports again.
        registrar.Registered -= OnRegistered;
        registrar.Registered += OnRegistered;
        queries.Sender = this;
        LogListening(settings.ListenAddress, UdpPort, TcpPort, settings.ServerId, settings.Domain);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        registrar.Registered -= OnRegistered;
        queries.Sender = null;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await CloseTransportsAsync();
    }

    private async ValueTask CloseTransportsAsync()
    {
        if (Interlocked.Exchange(ref _udp, null) is { } udp)
        {
            await udp.DisposeAsync();
        }

        if (Interlocked.Exchange(ref _tcp, null) is { } tcp)
        {
            await tcp.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
    }

    public Task<GbSendResult> SendMessageAsync(GbSession session, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(session, SipMethods.Message, body, expires: null, cancellationToken);

    public Task<GbSendResult> SendSubscribeAsync(GbSession session, byte[] body, int expiresSeconds, CancellationToken cancellationToken) =>
        SendAsync(session, SipMethods.Subscribe, body, expiresSeconds, cancellationToken);

    private async Task<GbSendResult> SendAsync(GbSession session, string method, byte[] body, int? expires, CancellationToken cancellationToken)
    {
        var link = LinkOf(session);
        if (link is null)
        {
            return new GbSendResult(0, $"no route to {session.GbId}: it has not registered over a transport that is still open");
        }

        var settings = options.CurrentValue;
        var request = new SipRequestBuilder(method, new SipUri(link.Remote.Address.ToString(), session.GbId, link.Remote.Port))
        {
            From = new SipNameAddress(new SipUri(settings.Domain, settings.ServerId)),
            To = new SipNameAddress(new SipUri(settings.Domain, session.GbId)),
            LocalHost = settings.AdvertisedAddress ?? settings.ListenAddress,
            LocalPort = link.Transport == GbTransport.Tcp ? TcpPort : UdpPort,
            Transport = link.Transport == GbTransport.Tcp ? "TCP" : "UDP",
            CSeq = Interlocked.Increment(ref _cseq),
            Body = body,
            Expires = expires,
            Event = method == SipMethods.Subscribe ? "Catalog" : null,
        }.Build();

        try
        {
            var response = await _clientTransactions.SendAsync(request, (bytes, token) => link.SendAsync(bytes, token),
                reliableTransport: link.Transport == GbTransport.Tcp, cancellationToken);
            return response is null
                ? new GbSendResult(0, $"{method} to {session.GbId} at {link.Remote} got no response within the transaction timeout")
                : new GbSendResult(response.StatusCode, $"{response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            return new GbSendResult(0, $"sending {method} to {session.GbId} at {link.Remote} failed: {exception.Message}");
        }
    }

    private IGbLink? LinkOf(GbSession session)
    {
        lock (session.Sync)
        {
            if (session.Connection is IGbLink { IsOpen: true } tcp)
            {
                return tcp;
            }

            return session.Transport == GbTransport.Udp && session.Remote is { } remote && _udp is { } udp ? new GbUdpLink(udp, remote) : null;
        }
    }

    private ValueTask HandleDatagramAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var parsed = SipParser.Parse(datagram.Span);
        if (!parsed.IsSuccess)
        {
            LogInvalidDatagram(remote, datagram.Length, parsed.FirstError.Message);
            return ValueTask.CompletedTask;
        }

        return _udp is { } udp ? HandleMessageAsync(parsed.Value, new GbUdpLink(udp, remote)) : ValueTask.CompletedTask;
    }

    private ValueTask HandleTcpMessageAsync(SipMessage message, SipTcpConnection connection, CancellationToken cancellationToken) =>
        HandleMessageAsync(message, new GbTcpLink(connection));

    private async ValueTask HandleMessageAsync(SipMessage message, IGbLink link)
    {
        if (message is SipResponse response)
        {
            _clientTransactions.HandleResponse(response);
            return;
        }

        var request = (SipRequest)message;
        if (request.Method == SipMethods.Ack)
        {
            return;
        }

        if (!_serverTransactions.TryBegin(request, out var repeated))
        {
            if (repeated is not null)
            {
                await ReplyAsync(link, repeated);
            }

            return;
        }

        Func<Task>? afterwards = null;
        SipResponse answer;
        try
        {
            (answer, afterwards) = await DispatchAsync(request, link);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRequestFailed(exception, request.Method, request.From.Uri.User ?? "", link.Remote);
            answer = SipResponse.For(request, link.Remote, 500, "Server Internal Error");
        }

        var bytes = SipMessageWriter.Write(answer);
        _serverTransactions.Complete(request, bytes);
        await SendAsync(link, bytes, answer.StatusCode);
        if (afterwards is not null)
        {
            _ = RunAfterwardsAsync(afterwards, request);
        }
    }

    private async Task<(SipResponse Response, Func<Task>? Afterwards)> DispatchAsync(SipRequest request, IGbLink link)
    {
        metrics.RecordRequest(request.Method);
        switch (request.Method)
        {
            case SipMethods.Register:
                var registered = await registrar.RegisterAsync(request, link, _stopping.Token);
                metrics.RecordRegistration(registered.StatusCode);
                return (registered, null);
            case SipMethods.Message or SipMethods.Notify:
                return HandleBody(request, link);
            case SipMethods.Options:
                return (SipResponse.For(request, link.Remote, 200, "OK"), null);
            default:
                var rejected = SipResponse.For(request, link.Remote, 405, "Method Not Allowed");
                rejected.Headers.Add("Allow", "REGISTER, MESSAGE, NOTIFY, OPTIONS, ACK");
                return (rejected, null);
        }
    }

    private (SipResponse Response, Func<Task>? Afterwards) HandleBody(SipRequest request, IGbLink link)
    {
        var gbId = request.From.Uri.User ?? "";
        var session = book.Find(gbId);
        if (session is null || session.IsUnregistered)
        {
            LogNotRegistered(request.Method, gbId, link.Remote);
            return (SipResponse.For(request, link.Remote, 403, "Forbidden"), null);
        }

        var parsed = ManscdpParser.Parse(request.Body);
        if (!parsed.IsSuccess)
        {
            LogBodyRejected(gbId, link.Remote, parsed.FirstError.Message);
            metrics.RecordRejectedBody();
            return (SipResponse.For(request, link.Remote, 400, "Bad Request"), null);
        }

        var body = parsed.Value;
        foreach (var diagnostic in body.Diagnostics)
        {
            LogBodyRepaired(gbId, body.CmdType, diagnostic.Field, diagnostic.ItemDeviceId ?? "", diagnostic.ByteOffset ?? -1, diagnostic.Reason);
        }

        var ok = SipResponse.For(request, link.Remote, 200, "OK");
        var token = _stopping.Token;
        switch (body)
        {
            case KeepaliveNotify:
                OnKeepalive(session, link);
                return (ok, null);
            case CatalogResponse catalog:
                return (ok, () => queries.OnCatalogAsync(session, catalog, token));
            case DeviceInfoResponse info:
                return (ok, () => queries.OnDeviceInfoAsync(session, info, token));
            case DeviceStatusResponse status:
                return (ok, () => queries.OnDeviceStatusAsync(session, status, token));
            case RecordInfoResponse records:
                queries.OnRecordInfo(records);
                return (ok, null);
            case AlarmNotify alarm:
                queries.OnAlarm(session, alarm);
                LogAlarm(gbId, alarm.DeviceId, alarm.Category, alarm.AlarmPriority ?? 0);
                return (ok, null);
            default:
                LogUnhandledBody(gbId, body.Root, body.CmdType);
                return (ok, null);
        }
    }

    private void OnKeepalive(GbSession session, IGbLink link)
    {
        session.RecordKeepalive(time.GetUtcNow());
        metrics.RecordKeepalive();
        if (link.Transport == GbTransport.Udp && session.Transport == GbTransport.Udp && !link.Remote.Equals(session.Remote))
        {
            // A NAT mapping changed: requests must follow the keepalives.
            lock (session.Sync)
            {
                session.Remote = link.Remote;
            }
        }
        else if (link.Transport == GbTransport.Tcp && session.Connection is not IGbLink { IsOpen: true })
        {
            // The device reconnected without registering again: send requests over the new connection.
            lock (session.Sync)
            {
                session.Transport = GbTransport.Tcp;
                session.Remote = link.Remote;
                session.Connection = link;
            }
        }

        if (session.AnnouncedLiveness != GbLiveness.Alive)
        {
            watch.Check(session);
        }
    }

    private async Task RunAfterwardsAsync(Func<Task> work, SipRequest request)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogAfterwardsFailed(exception, request.Method, request.From.Uri.User ?? "");
        }
    }

    private void OnRegistered(GbSession session) => _ = RunAfterwardsAsync(async () =>
    {
        await queries.QueryDeviceInfoAsync(session.GbId, _stopping.Token);
        await queries.QueryCatalogAsync(session.GbId, _stopping.Token);
        await queries.SubscribeCatalogAsync(session.GbId, options.CurrentValue.CatalogSubscriptionLifetime, _stopping.Token);
        await queries.QueryDeviceStatusAsync(session.GbId, _stopping.Token);
    }, new SipRequest(SipMethods.Register, new SipUri(session.GbId)));

    private ValueTask ReplyAsync(IGbLink link, SipResponse response) => SendAsync(link, SipMessageWriter.Write(response), response.StatusCode);

    private async ValueTask SendAsync(IGbLink link, byte[] response, int statusCode)
    {
        try
        {
            await link.SendAsync(response, _stopping.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            LogReplyFailed(link.Remote, statusCode, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The GB/T 28181 server is turned off (Gb28181:Enabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "The GB/T 28181 server did not start: {Reason}")]
    private partial void LogStartFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restarting the GB/T 28181 server (was UDP {UdpPort} TCP {TcpPort}) with the changed settings")]
    private partial void LogRestarting(int udpPort, int tcpPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 server listening on {Address} UDP {UdpPort} TCP {TcpPort} as {ServerId} in domain {Domain}")]
    private partial void LogListening(string address, int udpPort, int tcpPort, string serverId, string domain);

    private void LogTransportError(Exception exception) => LogTransportFailed(exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The GB/T 28181 transport failed")]
    private partial void LogTransportFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an invalid SIP message on TCP from {Remote}: {Reason}")]
    private partial void LogFrameError(IPEndPoint remote, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a datagram of {Length} bytes from {Remote} that is not SIP: {Reason}")]
    private partial void LogInvalidDatagram(IPEndPoint remote, int length, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {Method} from {GbId} at {Remote} failed")]
    private partial void LogRequestFailed(Exception exception, string method, string gbId, IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Method} from {GbId} at {Remote} with 403: the device is not registered")]
    private partial void LogNotRegistered(string method, string gbId, IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a MANSCDP body from {GbId} at {Remote}: {Reason}")]
    private partial void LogBodyRejected(string gbId, IPEndPoint remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repaired a {CmdType} body from {GbId}: field {Field} of item {ItemId} at byte {Offset} left blank ({Reason})")]
    private partial void LogBodyRepaired(string gbId, string cmdType, string field, string itemId, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm from {GbId} for {AlarmDeviceId}: {Category}, priority {Priority}")]
    private partial void LogAlarm(string gbId, string alarmDeviceId, AlarmCategory category, int priority);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered a {Root} {CmdType} body from {GbId} without reading it")]
    private partial void LogUnhandledBody(string gbId, ManscdpRoot root, string cmdType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing {Method} from {GbId} after responding to it failed")]
    private partial void LogAfterwardsFailed(Exception exception, string method, string gbId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending {StatusCode} to {Remote} failed: {Reason}")]
    private partial void LogReplyFailed(IPEndPoint remote, int statusCode, string reason);
}
