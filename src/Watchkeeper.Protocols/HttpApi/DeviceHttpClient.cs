using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>
/// The HTTP client of one probe run against one device: one time budget for every request it sends, bodies
/// read up to a cap, HTTP Basic and Digest authentication (RFC 7616) by <see cref="SocketsHttpHandler"/>.
/// </summary>
/// <remarks>
/// Requests go out either anonymously or with the device's credentials, through two separate handlers, so that
/// a caller that must not authenticate (an ONVIF device whose account may lock) can be sure it does not.
/// Failures come back as values; only cancellation by the caller's token raises.
/// </remarks>
public sealed class DeviceHttpClient : IDisposable
{
    /// <summary>Cap on the response headers, in KiB, far above the few hundred bytes a device sends.</summary>
    private const int MaxResponseHeadersKib = 64;

    private readonly NetworkCredential? _credential;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _deadline;
    private HttpMessageInvoker? _anonymous;
    private HttpMessageInvoker? _authenticated;

    /// <param name="credential">The device's credentials, or null when the ledger has none.</param>
    /// <param name="timeout">Time budget for all requests of this client together.</param>
    public DeviceHttpClient(NetworkCredential? credential, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        _credential = credential;
        _timeout = timeout;
        _deadline = new CancellationTokenSource(timeout, timeProvider ?? TimeProvider.System);
    }

    public bool HasCredential => _credential is not null;

    /// <summary>Sends a GET and reads the body up to <paramref name="maxBodyBytes"/>.</summary>
    public Task<DeviceHttpResult> GetAsync(Uri uri, int maxBodyBytes, bool authenticate, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return SendAsync(request, maxBodyBytes, authenticate, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads the whole response, or returns why that failed: the budget
    /// ran out, the connection failed, the response is not HTTP, or the body is larger than the cap.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DeviceHttpResult> SendAsync(HttpRequestMessage request, int maxBodyBytes, bool authenticate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = Describe(request.RequestUri!);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        try
        {
            using (request)
            {
                using var response = await Invoker(authenticate).SendAsync(request, cancellation.Token).ConfigureAwait(false);
                var body = await ReadBodyAsync(response, endpoint, maxBodyBytes, cancellation.Token).ConfigureAwait(false);
                if (body.Failure is not null)
                {
                    return DeviceHttpResult.Fail(body.Failure);
                }

                return DeviceHttpResult.Success(new DeviceHttpResponse(
                    endpoint, response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType?.MediaType, body.Bytes!));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(ProbeReason.Timeout,
                $"{endpoint}: no complete response within {_timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s; check that the device is up and not overloaded");
        }
        catch (HttpIOException exception) when (exception.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            return Failed(ProbeReason.ConnectionReset, $"{endpoint}: the device closed the connection before the response was complete ({exception.Message})");
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded)
        {
            return Failed(ProbeReason.ProtocolError,
                $"{endpoint}: the response is not valid HTTP ({exception.Message}); check that the port serves the device's web interface");
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return Failed(ProbeReason.ResponseTooLarge, $"{endpoint}: the response headers exceed {MaxResponseHeadersKib} KiB ({exception.Message})");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            var (reason, detail) = ProbeErrors.Classify(exception, endpoint);
            return Failed(reason, detail);
        }
    }

    public void Dispose()
    {
        _anonymous?.Dispose();
        _authenticated?.Dispose();
        _deadline.Dispose();
    }

    /// <summary>Returns the URL without user information, so that no password reaches a detail or a log.</summary>
    public static string Describe(Uri uri) =>
        uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);

    private static DeviceHttpResult Failed(ProbeReason reason, string detail) => DeviceHttpResult.Fail(new ProbeFailure(reason, detail));

    private HttpMessageInvoker Invoker(bool authenticate)
    {
        if (authenticate && _credential is not null)
        {
            return _authenticated ??= new HttpMessageInvoker(CreateHandler(_credential), disposeHandler: true);
        }

        return _anonymous ??= new HttpMessageInvoker(CreateHandler(null), disposeHandler: true);
    }

    private SocketsHttpHandler CreateHandler(NetworkCredential? credential) => new()
    {
        Credentials = credential,
        PreAuthenticate = false,

        // A redirect is reported, not followed: the ledger should hold the address the device really serves.
        AllowAutoRedirect = false,
        UseCookies = false,

        // Devices sit on the video network, which a proxy configured for this host would not reach.
        UseProxy = false,
        ConnectTimeout = _timeout,
        MaxResponseHeadersLength = MaxResponseHeadersKib,

        // Without decompression the body cap counts the bytes that crossed the wire.
        AutomaticDecompression = DecompressionMethods.None,
        SslOptions =
        {
            // NOTE: cameras and recorders ship self-signed certificates, so their certificates are not validated.
            // TLS then guards against eavesdropping but not against an impostor at the device's address.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        },
    };

    private static async Task<(byte[]? Bytes, ProbeFailure? Failure)> ReadBodyAsync(
        HttpResponseMessage response, string endpoint, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBodyBytes)
        {
            return (null, new ProbeFailure(ProbeReason.ResponseTooLarge,
                $"{endpoint}: the response declares {declared} bytes, more than the {maxBodyBytes} this probe reads"));
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxBodyBytes + 1, 16 * 1024)];
            using var body = new MemoryStream();
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (body.ToArray(), null);
                }

                body.Write(buffer, 0, read);
                if (body.Length > maxBodyBytes)
                {
                    return (null, new ProbeFailure(ProbeReason.ResponseTooLarge,
                        $"{endpoint}: the response body exceeds {maxBodyBytes} bytes; reading stopped there"));
                }
            }
        }
    }

    /// <summary>Creates a request with an XML body and an optional SOAP 1.2 action parameter (RFC 3902).</summary>
    public static HttpRequestMessage XmlRequest(HttpMethod method, Uri uri, string xml, string mediaType, string? action = null)
    {
        var content = new StringContent(xml, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        if (action is not null)
        {
            content.Headers.ContentType.Parameters.Add(new NameValueHeaderValue("action", $"\"{action}\""));
        }

        return new HttpRequestMessage(method, uri) { Content = content };
    }
}
