using System.Net.Http;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Http;

/// <summary>
/// Checks a device's web interface with GET / on its HTTP port. Any HTTP response, 401 and 404 included,
/// means the device is reachable; the outcome reports the status.
/// </summary>
/// <remarks>
/// The URL is http://host:HttpPort/ (https when the port is 443), else the scheme, host and port of the HTTP
/// API URL. Only the response headers are read.
/// </remarks>
public sealed class HttpProbe : IProbe
{
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    /// <param name="client">A client from <see cref="ProbeHttpClient.Create"/>, shared by all probes.</param>
    public HttpProbe(HttpClient client, TimeProvider? time = null)
    {
        _client = client;
        _time = time ?? TimeProvider.System;
    }

    public ProbeKind Kind => ProbeKind.Http;

    public Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var url = WebInterfaceUrl(target);
        if (url is null)
        {
            return Task.FromResult(ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, "no HTTP port or HTTP API URL in the ledger"));
        }

        var display = UrlSecrets.Mask(url.ToString());
        return ProbeExecution.RunAsync(Kind, display, target.Timeout, _time, (progress, token) => GetAsync(url, display, progress, token), cancellationToken);
    }

    /// <summary>Returns the URL of the device's web interface, or null when the ledger gives no port or URL.</summary>
    public static Uri? WebInterfaceUrl(ProbeTarget target)
    {
        var host = target.Host();
        if (host is not null && target.HttpPort is > 0 and <= 65535)
        {
            var scheme = target.HttpPort == 443 ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
            return new UriBuilder(scheme, host, target.HttpPort.Value, "/").Uri;
        }

        if (Uri.TryCreate(target.HttpApiUrl, UriKind.Absolute, out var api) && (api.Scheme == Uri.UriSchemeHttp || api.Scheme == Uri.UriSchemeHttps))
        {
            return new UriBuilder(api.Scheme, api.IdnHost, api.Port, "/").Uri;
        }

        return null;
    }

    private async Task<ProbeOutcome> GetAsync(Uri url, string display, ProbeProgress progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(ProbeHttpClient.ProgressKey, progress);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

        var latency = _time.GetElapsedTime(started);
        return ProbeOutcome.Reachable(Kind, latency, $"GET {display}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
    }
}
