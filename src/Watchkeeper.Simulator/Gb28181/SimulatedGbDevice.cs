using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// A GB/T 28181 IP camera or recorder on the loopback network, as real devices behave: it registers with Digest,
/// refreshes the registration, sends keepalives, responds to Catalog, DeviceInfo, DeviceStatus and RecordInfo queries,
/// accepts catalog and alarm subscriptions, raises alarms on demand and unregisters on stop. Faults are set with
/// <see cref="SetFault"/>; status and recording gaps with <see cref="RecordEnabled"/>, <see cref="EncodeEnabled"/>,
/// <see cref="ClockSkew"/> and <see cref="SetRecordGaps"/>.
/// </summary>
public sealed partial class SimulatedGbDevice : IAsyncDisposable
{
    private readonly GbDeviceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SipSocket? _sharedSocket;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GbRecordSchedule _records;
    private readonly SipServerTransactions _answered = new();
    private readonly Dictionary<string, GbSubscription> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private SipSocket? _socket;
    private SipClientTransactions? _transactions;
    private CancellationTokenSource? _running;
    private Task _loops = Task.CompletedTask;
    private volatile int _faults;
    private long _sn;
    private long _cseq;
    private long _clockSkewTicks;

    private SimulatedGbDevice(GbDeviceOptions options, GbDeviceKind kind, TimeProvider timeProvider, ILoggerFactory loggerFactory, SipSocket? sharedSocket)
    {
        _options = options;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SimulatedGbDevice>();
        _sharedSocket = sharedSocket;
        _records = new GbRecordSchedule(options.RecordSegmentLength);
        Kind = kind;
        Name = GbDeviceLayout.DeviceName(options, kind);
        _sn = Random.Shared.Next(1, 1000);
        _cseq = Random.Shared.Next(1, 100);
    }

    public string DeviceId => _options.DeviceId;

    public GbDeviceKind Kind { get; }

    public string Name { get; }

    public GbTransport Transport => _options.Transport;

    public IPEndPoint PlatformEndPoint => _options.PlatformEndPoint;

    /// <summary>The address the device sends from once started (with the port the system chose), else the configured one.</summary>
    public IPEndPoint LocalEndPoint => _socket?.LocalEndPoint ?? _options.LocalEndPoint;

    /// <summary>The catalog the device reports now (names change with <see cref="GbFault.NamesOutsideGb2312"/>).</summary>
    public IReadOnlyList<GbCatalogItem> Catalog => GbDeviceLayout.Catalog(_options, Kind, HasFault(GbFault.NamesOutsideGb2312));

    public GbFault Faults => (GbFault)_faults;

    public bool IsRunning => _running is not null;

    /// <summary>DeviceStatus Record: ON while true.</summary>
    public bool RecordEnabled { get; set; } = true;

    /// <summary>DeviceStatus Encode: ON while true.</summary>
    public bool EncodeEnabled { get; set; } = true;

    /// <summary>How far the device clock is off the real time. DeviceTime, AlarmTime and record times include it.</summary>
    public TimeSpan ClockSkew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks));
        set => Interlocked.Exchange(ref _clockSkewTicks, value.Ticks);
    }

    /// <summary>The device's local clock: UTC plus <see cref="GbDeviceOptions.UtcOffset"/> plus <see cref="ClockSkew"/>, without zone.</summary>
    public DateTime LocalNow => DateTime.SpecifyKind(_timeProvider.GetUtcNow().UtcDateTime + _options.UtcOffset + ClockSkew, DateTimeKind.Unspecified);

    /// <summary>Counts that tests, the demo and the load driver read.</summary>
    public GbDeviceCounters Counters { get; } = new();

    /// <summary>Requests sent again because no response came within the retransmission interval.</summary>
    public long Retransmissions => _transactions?.Retransmissions ?? 0;

    /// <summary>Responses that matched no open transaction (a retransmitted response), dropped.</summary>
    public long DuplicateResponses => _transactions?.DuplicateResponses ?? 0;

    /// <summary>Lays out a device; fails with the option at fault when the options are invalid. Nothing is bound yet.</summary>
    public static Result<SimulatedGbDevice> Create(GbDeviceOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null) =>
        Create(options, timeProvider, loggerFactory, sharedSocket: null);

    internal static Result<SimulatedGbDevice> Create(GbDeviceOptions options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory, SipSocket? sharedSocket)
    {
        var invalid = GbDeviceLayout.Validate(options);
        if (invalid is not null)
        {
            return invalid;
        }

        return new SimulatedGbDevice(
            options.Clone(),
            GbDeviceLayout.KindOf(options.DeviceId)!.Value,
            timeProvider ?? TimeProvider.System,
            loggerFactory ?? NullLoggerFactory.Instance,
            sharedSocket);
    }

    /// <summary>Turns <paramref name="fault"/> on or off. Clearing the registration fault makes the device register at once.</summary>
    public void SetFault(GbFault fault, bool active = true)
    {
        int current, next;
        do
        {
            current = _faults;
            next = active ? current | (int)fault : current & ~(int)fault;
        }
        while (Interlocked.CompareExchange(ref _faults, next, current) != current);

        LogFaultChanged(_logger, DeviceId, fault, active);
        if (fault.HasFlag(GbFault.RegistrationRefreshStopped) && !active)
        {
            WakeRegistration();
        }
    }

    public bool HasFault(GbFault fault) => (_faults & (int)fault) != 0;

    /// <summary>
    /// Sets the spans without recording, in device local time; with <paramref name="repeatEvery"/> they repeat,
    /// e.g. a gap from 02:00 to 02:30 on one day with a period of one day misses that half hour every day.
    /// </summary>
    public void SetRecordGaps(IReadOnlyList<GbRecordGap> gaps, TimeSpan? repeatEvery = null) => _records.SetGaps(gaps, repeatEvery);

    /// <summary>Binds the socket (or joins the shared one) and starts registering in the background.</summary>
    public async Task<Result> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_running is not null)
            {
                return Result.Success();
            }

            var socket = _sharedSocket;
            if (socket is null)
            {
                var opened = await SipSocket.OpenAsync(_options.Transport, _options.LocalEndPoint, _options.PlatformEndPoint, _loggerFactory.CreateLogger<SipSocket>());
                if (!opened.IsSuccess)
                {
                    LogStartFailed(_logger, DeviceId, opened.FirstError.Message);
                    return Result.Failure(opened.FirstError);
                }

                socket = opened.Value;
            }

            _socket = socket;
            _transactions = new SipClientTransactions(socket, _timeProvider, new SipTimers(_options.RetransmitInterval, TimeSpan.FromSeconds(4)));
            socket.Route(DeviceId, OnInbound);
            foreach (var item in Catalog.Where(item => item.DeviceId != DeviceId))
            {
                socket.Route(item.DeviceId, OnInbound);
            }

            _running = new CancellationTokenSource();
            var token = _running.Token;
            _loops = Task.WhenAll(Task.Run(() => RegistrationLoopAsync(token)), Task.Run(() => KeepaliveLoopAsync(token)));
            LogStarted(_logger, DeviceId, Kind, socket.LocalEndPoint, _options.PlatformEndPoint, _options.Transport);
            return Result.Success();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Unregisters (Expires: 0, waiting at most <see cref="GbDeviceOptions.UnregisterTimeout"/>) and closes the socket.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_running is null)
            {
                return;
            }

            await _running.CancelAsync();
            await _loops;
            if (IsRegistered)
            {
                await UnregisterAsync();
            }

            _socket!.RemoveRoute(DeviceId);
            foreach (var item in Catalog)
            {
                _socket.RemoveRoute(item.DeviceId);
            }

            if (_sharedSocket is null)
            {
                await _socket.DisposeAsync();
            }

            _running.Dispose();
            _running = null;
            MarkUnregistered();
            LogStopped(_logger, DeviceId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private string NextSn() => Interlocked.Increment(ref _sn).ToString(CultureInfo.InvariantCulture);

    private long NextCSeq() => Interlocked.Increment(ref _cseq);

    private string DeviceUri => $"sip:{DeviceId}@{_options.EffectiveDomain}";

    private string ServerUri => $"sip:{_options.ServerId}@{_options.EffectiveDomain}";

    private string PlatformRequestUri => $"sip:{_options.ServerId}@{_options.PlatformEndPoint}";

    /// <summary>Starts a request from the device with its Via header and a fresh branch.</summary>
    private SipMessage NewRequest(string method, string requestUri)
    {
        var local = _socket!.LocalEndPoint;
        var transport = _options.Transport == GbTransport.Tcp ? "TCP" : "UDP";
        return SipMessage.Request(method, requestUri)
            .Add("Via", $"SIP/2.0/{transport} {local};rport;branch=z9hG4bK{SipUris.NewToken()}");
    }

    /// <summary>Sends a MESSAGE with a MANSCDP body to the platform. Returns true when the platform responded 2xx.</summary>
    private async Task<bool> SendMessageAsync(byte[] body, CancellationToken cancellationToken)
    {
        var request = NewRequest("MESSAGE", PlatformRequestUri)
            .Add("From", $"<{DeviceUri}>;tag={SipUris.NewToken()}")
            .Add("To", $"<{ServerUri}>")
            .Add("Call-ID", $"{SipUris.NewToken()}@{_socket!.LocalEndPoint.Address}")
            .Add("CSeq", $"{NextCSeq()} MESSAGE")
            .Add("Max-Forwards", "70")
            .Add("User-Agent", SipResponses.UserAgent)
            .Add("Content-Type", "Application/MANSCDP+xml");
        request.Body = body;
        var response = await _transactions!.SendAsync(request, cancellationToken);
        return response is { StatusCode: >= 200 and < 300 };
    }

    private ManscdpWriter NewBody(string root, string cmdType, string sn, string deviceId) =>
        new ManscdpWriter(root).Element("CmdType", cmdType).Element("SN", sn).Element("DeviceID", deviceId);

    private byte[] Encode(ManscdpWriter writer, ReadOnlySpan<byte> damage = default) =>
        writer.ToBytes(HasFault(GbFault.Utf8BodiesDeclaredGb2312), damage);

    private string FormatLocal(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>What a simulated GB/T 28181 device has sent and received so far.</summary>
public sealed class GbDeviceCounters
{
    private long _registrations;
    private long _keepalivesSent;
    private long _keepalivesAnswered;
    private long _queriesAnswered;
    private long _messagesSent;

    /// <summary>REGISTER transactions that ended in 200 OK (first registrations and refreshes).</summary>
    public long Registrations => Interlocked.Read(ref _registrations);

    public long KeepalivesSent => Interlocked.Read(ref _keepalivesSent);

    /// <summary>Keepalives the platform answered with 2xx.</summary>
    public long KeepalivesAnswered => Interlocked.Read(ref _keepalivesAnswered);

    /// <summary>Query MESSAGEs answered with 200 OK (retransmissions not counted).</summary>
    public long QueriesAnswered => Interlocked.Read(ref _queriesAnswered);

    /// <summary>Response, alarm and notify requests sent, each counted once however often it was retransmitted.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    internal void Registered() => Interlocked.Increment(ref _registrations);

    internal void KeepaliveSent(bool answered)
    {
        Interlocked.Increment(ref _keepalivesSent);
        if (answered)
        {
            Interlocked.Increment(ref _keepalivesAnswered);
        }
    }

    internal void QueryAnswered() => Interlocked.Increment(ref _queriesAnswered);

    internal void MessageSent() => Interlocked.Increment(ref _messagesSent);
}
