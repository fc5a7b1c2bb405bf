using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>
/// A small SIP platform on the loopback network for the device tests. It challenges REGISTER with a Digest 401, checks
/// the Digest response with MD5 computed here, responds 200 OK to valid registrations and to every other request,
/// sends queries and keeps every message it received.
/// </summary>
internal sealed partial class TestSipPlatform : IAsyncDisposable
{
    public const string ServerId = "34020000002000000001";
    public const string Realm = "3402000000";
    public const string Password = "Gb-test-2024";

    private readonly ConcurrentQueue<PeerMessage> _received = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly UdpClient? _udp;
    private readonly TcpListener? _listener;
    private readonly Task _receiving;
    private NetworkStream? _stream;
    private IPEndPoint? _device;
    private int _cseq = 100;

    private TestSipPlatform(GbTransport transport, IPEndPoint endPoint)
    {
        if (transport == GbTransport.Udp)
        {
            _udp = new UdpClient(endPoint);
            EndPoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
            _receiving = ReceiveDatagramsAsync();
        }
        else
        {
            _listener = new TcpListener(endPoint);
            _listener.Start();
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            _receiving = AcceptAsync();
        }
    }

    public IPEndPoint EndPoint { get; }

    public string Nonce { get; set; } = "1715926053";

    /// <summary>Offers qop="auth" in the challenge when set.</summary>
    public bool OfferQop { get; set; }

    /// <summary>The algorithm token of the challenge, or null for none.</summary>
    public string? Algorithm { get; set; } = "MD5";

    /// <summary>The Digest user name the platform expects; null expects the device ID.</summary>
    public string? ExpectedUserName { get; set; }

    /// <summary>The Expires the 200 OK grants; null echoes the request's.</summary>
    public int? GrantedExpires { get; set; }

    /// <summary>Requests with these methods are recorded but get no response.</summary>
    public HashSet<string> Unanswered { get; } = [];

    /// <summary>The first request of this method is dropped without a response, as a lost datagram is.</summary>
    public string? DropFirst { get; set; }

    /// <summary>Every response is sent twice, as a platform retransmitting its response.</summary>
    public bool DuplicateResponses { get; set; }

    public IReadOnlyList<PeerMessage> Received => _received.ToList();

    /// <summary>The Digest checks done so far: true for a correct response.</summary>
    public ConcurrentQueue<bool> DigestResults { get; } = new();

    public static TestSipPlatform Start(GbTransport transport = GbTransport.Udp) =>
        new(transport, new IPEndPoint(IPAddress.Parse(TestAddresses.NextBase() + ".1"), 0));

    /// <summary>Options for a device that registers to this platform from the same test address block.</summary>
    public GbDeviceOptions DeviceOptions(string deviceId = "34020000001320000001", GbTransport transport = GbTransport.Udp) => new()
    {
        DeviceId = deviceId,
        LocalEndPoint = new IPEndPoint(IPAddress.Parse(EndPoint.Address.ToString()[..EndPoint.Address.ToString().LastIndexOf('.')] + ".2"), 0),
        PlatformEndPoint = EndPoint,
        Transport = transport,
        ServerId = ServerId,
        Password = Password,
        HeartbeatInterval = TimeSpan.FromSeconds(30),
        RegisterRetryInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>Creates a device with <see cref="DeviceOptions"/>, changed by <paramref name="configure"/>, and waits for its registration.</summary>
    public async Task<SimulatedGbDevice> StartDeviceAsync(Action<GbDeviceOptions>? configure = null, string deviceId = "34020000001320000001")
    {
        var options = DeviceOptions(deviceId, _udp is null ? GbTransport.Tcp : GbTransport.Udp);
        configure?.Invoke(options);
        var device = SimulatedGbDevice.Create(options).Value;
        (await device.StartAsync()).IsSuccess.ShouldBeTrue();
        (await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBeTrue();
        return device;
    }

    public IReadOnlyList<PeerMessage> Requests(string method) => Received.Where(message => message.IsRequest && message.Method == method).ToList();

    /// <summary>Returns the MESSAGE requests whose body has CmdType <paramref name="cmdType"/>.</summary>
    public IReadOnlyList<PeerMessage> Messages(string cmdType) =>
        Requests("MESSAGE").Where(message => message.Element("CmdType") == cmdType).ToList();

    /// <summary>Waits until <paramref name="condition"/> holds for the received messages; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<PeerMessage>, bool> condition, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        while (!condition(Received))
        {
            try
            {
                await _arrived.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                return condition(Received);
            }
        }

        return true;
    }

    /// <summary>Sends a request with a MANSCDP body to the device; returns its branch.</summary>
    public async Task<string> SendRequestAsync(string method, string targetId, string body, string? branch = null, params (string Name, string Value)[] headers)
    {
        branch ??= "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        var bytes = GbEncoding.Gb18030.GetBytes(body);
        var extra = string.Concat(headers.Select(header => $"{header.Name}: {header.Value}\r\n"));
        var transport = _udp is null ? "TCP" : "UDP";
        var cseq = Interlocked.Increment(ref _cseq);
        var head =
            $"{method} sip:{targetId}@{_device} SIP/2.0\r\n" +
            $"Via: SIP/2.0/{transport} {EndPoint};rport;branch={branch}\r\n" +
            $"From: <sip:{ServerId}@{Realm}>;tag=platform{cseq}\r\n" +
            $"To: <sip:{targetId}@{Realm}>\r\n" +
            $"Call-ID: call{cseq}-{branch}\r\n" +
            $"CSeq: {cseq} {method}\r\n" +
            $"Contact: <sip:{ServerId}@{EndPoint}>\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Type: Application/MANSCDP+xml\r\n" +
            extra +
            $"Content-Length: {bytes.Length}\r\n\r\n";
        await SendAsync([.. Encoding.UTF8.GetBytes(head), .. bytes]);
        return branch;
    }

    /// <summary>Sends a Query MESSAGE with <paramref name="cmdType"/>, SN and extra elements to the device.</summary>
    public Task<string> QueryAsync(string cmdType, string targetId, int sn, string extraElements = "", string? branch = null) =>
        SendRequestAsync(
            "MESSAGE",
            targetId,
            $"<?xml version=\"1.0\"?>\r\n<Query>\r\n<CmdType>{cmdType}</CmdType>\r\n<SN>{sn}</SN>\r\n<DeviceID>{targetId}</DeviceID>\r\n{extraElements}</Query>\r\n",
            branch);

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _udp?.Dispose();
        _listener?.Stop();
        _stream?.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Closed.
        }
    }

    private async Task ReceiveDatagramsAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _udp!.ReceiveAsync(_closing.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _device = datagram.RemoteEndPoint;
            var message = PeerMessage.Parse(datagram.Buffer, out _);
            if (message is not null)
            {
                await OnMessageAsync(message);
            }
        }
    }

    private async Task AcceptAsync()
    {
        using var client = await _listener!.AcceptTcpClientAsync(_closing.Token);
        _device = (IPEndPoint)client.Client.RemoteEndPoint!;
        _stream = client.GetStream();
        var pending = new List<byte>();
        var buffer = new byte[4096];
        while (!_closing.IsCancellationRequested)
        {
            var count = await _stream.ReadAsync(buffer, _closing.Token);
            if (count == 0)
            {
                return;
            }

            pending.AddRange(buffer.AsSpan(0, count));
            while (PeerMessage.Parse([.. pending], out var consumed) is { } message)
            {
                pending.RemoveRange(0, consumed);
                await OnMessageAsync(message);
            }
        }
    }

    private async Task OnMessageAsync(PeerMessage message)
    {
        _received.Enqueue(message);
        _arrived.Release();
        if (!message.IsRequest || Unanswered.Contains(message.Method))
        {
            return;
        }

        if (DropFirst == message.Method)
        {
            DropFirst = null;
            return;
        }

        var response = message.Method == "REGISTER" ? RegisterResponse(message) : Response(message, "200 OK");
        await SendAsync(response);
        if (DuplicateResponses)
        {
            await SendAsync(response);
        }
    }

    private byte[] RegisterResponse(PeerMessage request)
    {
        var authorization = request.Header("Authorization");
        if (authorization.Length == 0)
        {
            return Challenge(request);
        }

        var valid = CheckDigest(request, authorization);
        DigestResults.Enqueue(valid);
        if (!valid)
        {
            return Challenge(request);
        }

        var expires = GrantedExpires?.ToString(CultureInfo.InvariantCulture) ?? request.Header("Expires");
        return Response(request, "200 OK", $"Expires: {expires}\r\nDate: {DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff}\r\n");
    }

    private byte[] Challenge(PeerMessage request)
    {
        var challenge = $"Digest realm=\"{Realm}\"" + (Algorithm is null ? "" : $",algorithm={Algorithm}") + $",nonce=\"{Nonce}\"" + (OfferQop ? ",qop=\"auth\"" : "");
        return Response(request, "401 Unauthorized", $"WWW-Authenticate: {challenge}\r\n");
    }

    /// <summary>Checks a Digest response against RFC 2617 §3.2.2.1, with MD5 computed here.</summary>
    private bool CheckDigest(PeerMessage request, string authorization)
    {
        var fields = AuthField().Matches(authorization).ToDictionary(match => match.Groups[1].Value, match => match.Groups[3].Success ? match.Groups[3].Value : match.Groups[4].Value, StringComparer.OrdinalIgnoreCase);
        var deviceId = Regex.Match(request.Header("From"), "sip:(\\d+)@").Groups[1].Value;
        if (fields.GetValueOrDefault("username") != (ExpectedUserName ?? deviceId) || fields.GetValueOrDefault("nonce") != Nonce || fields.GetValueOrDefault("realm") != Realm)
        {
            return false;
        }

        var ha1 = Md5($"{fields["username"]}:{Realm}:{Password}");
        var ha2 = Md5($"REGISTER:{fields["uri"]}");
        var expected = OfferQop
            ? Md5($"{ha1}:{Nonce}:{fields.GetValueOrDefault("nc")}:{fields.GetValueOrDefault("cnonce")}:{fields.GetValueOrDefault("qop")}:{ha2}")
            : Md5($"{ha1}:{Nonce}:{ha2}");
        return fields.GetValueOrDefault("response") == expected;
    }

    private static byte[] Response(PeerMessage request, string status, string extraHeaders = "")
    {
        var to = request.Header("To");
        if (!to.Contains(";tag=", StringComparison.Ordinal))
        {
            to += ";tag=platform";
        }

        var text =
            $"SIP/2.0 {status}\r\n" +
            $"Via: {request.Header("Via")}\r\n" +
            $"From: {request.Header("From")}\r\n" +
            $"To: {to}\r\n" +
            $"Call-ID: {request.Header("Call-ID")}\r\n" +
            $"CSeq: {request.Header("CSeq")}\r\n" +
            "User-Agent: test-platform\r\n" +
            extraHeaders +
            "Content-Length: 0\r\n\r\n";
        return Encoding.UTF8.GetBytes(text);
    }

    private async Task SendAsync(byte[] bytes)
    {
        if (_udp is not null)
        {
            await _udp.SendAsync(bytes, _device!);
            return;
        }

        await _stream!.WriteAsync(bytes);
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("(\\w+)=(\"([^\"]*)\"|([^,\\s]+))")]
    private static partial Regex AuthField();
}
