using System.Globalization;
using System.Net;
using System.Net.Http;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Http;

/// <summary>
/// Fetches the snapshot URL, responding to a Basic or Digest challenge with the ledger's credentials, and checks
/// that the body is a JPEG picture whose markers parse.
/// </summary>
/// <remarks>
/// Reachable once HTTP response headers arrive. Everything wrong after that (an error status, a body that is
/// not a picture, is too large, or stalls past the timeout) is a SnapshotInvalid finding on a reachable device.
/// A 401 to the stored credentials is an AuthenticationFailed finding. One redirect is followed.
/// </remarks>
public sealed class SnapshotProbe : IProbe
{
    public const string AuthenticationSubject = "HTTP";

    /// <summary>Default cap on the body. By estimate, a camera snapshot is well below 1 MB and a 4K JPEG a few MB.</summary>
    public const int DefaultMaxBodyBytes = 8 * 1024 * 1024;

    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly int _maxBodyBytes;

    /// <param name="client">A client from <see cref="ProbeHttpClient.Create"/>, shared by all probes.</param>
    public SnapshotProbe(HttpClient client, TimeProvider? time = null, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBodyBytes, 1);
        _client = client;
        _time = time ?? TimeProvider.System;
        _maxBodyBytes = maxBodyBytes;
    }

    public ProbeKind Kind => ProbeKind.Snapshot;

    public Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(target.SnapshotUrl))
        {
            return Task.FromResult(ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, "no snapshot URL in the ledger"));
        }

        if (!Uri.TryCreate(target.SnapshotUrl.Trim(), UriKind.Absolute, out var url) || !IsHttp(url))
        {
            return Task.FromResult(ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured,
                "the snapshot URL is not an http:// or https:// URL; correct it in the ledger"));
        }

        var credentials = target.HasCredentials ? new NetworkCredential(target.UserName, target.Password ?? "") : CredentialsOf(url);
        var request = new UriBuilder(url) { UserName = "", Password = "" }.Uri;
        var exchange = new SnapshotExchange(this, credentials, target.Timeout);
        return ProbeExecution.RunAsync(Kind, Display(request), target.Timeout, _time, (progress, token) => exchange.RunAsync(request, progress, token), cancellationToken);
    }

    internal static string Display(Uri url) => UrlSecrets.Mask(url.ToString());

    private static bool IsHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;

    private static NetworkCredential? CredentialsOf(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var parts = url.UserInfo.Split(':', 2);
        return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    /// <summary>One run of the probe: the requests, the redirect and the authentication state.</summary>
    private sealed class SnapshotExchange(SnapshotProbe probe, NetworkCredential? credentials, TimeSpan timeout)
    {
        private const int MaxRedirects = 1;

        private bool _credentialsWithheld;

        private ChallengeResponder? _responder = credentials is { UserName.Length: > 0 }
            ? new ChallengeResponder(credentials.UserName, credentials.Password)
            : null;

        public async Task<ProbeOutcome> RunAsync(Uri url, ProbeProgress progress, CancellationToken cancellationToken)
        {
            var started = probe._time.GetTimestamp();
            var redirects = 0;
            while (true)
            {
                var (response, credentialsSent) = await GetAuthenticatedAsync(url, progress, cancellationToken).ConfigureAwait(false);
                using (response)
                {
                    var latency = probe._time.GetElapsedTime(started);
                    var next = response.Headers.Location is { } location ? new Uri(url, location) : null;
                    if (IsRedirect(response.StatusCode) && next is not null && IsHttp(next) && redirects < MaxRedirects)
                    {
                        redirects++;

                        // Credentials go only to the host they were stored for.
                        if (_responder is not null && !next.IdnHost.Equals(url.IdnHost, StringComparison.OrdinalIgnoreCase))
                        {
                            _responder = null;
                            _credentialsWithheld = true;
                        }

                        url = next;
                        continue;
                    }

                    progress.Awaiting("reading the snapshot body");
                    return await EvaluateAsync(url, response, credentialsSent, latency, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Sends GET and, on a 401, responds to the challenge once when credentials have not been rejected yet.</summary>
        private async Task<(HttpResponseMessage Response, bool CredentialsSent)> GetAuthenticatedAsync(Uri url, ProbeProgress progress, CancellationToken cancellationToken)
        {
            var authorization = _responder?.Authorize("GET", url.PathAndQuery);
            var response = await SendAsync(url, authorization, progress, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || _responder is null)
            {
                return (response, authorization is not null);
            }

            var challenges = AuthenticationChallenge.ParseAll(ChallengeValues(response));
            if (!_responder.ShouldRetry(challenges, authorization is not null) || !_responder.Accept(challenges))
            {
                return (response, authorization is not null);
            }

            response.Dispose();
            authorization = _responder.Authorize("GET", url.PathAndQuery);
            return (await SendAsync(url, authorization, progress, cancellationToken).ConfigureAwait(false), true);
        }

        private async Task<HttpResponseMessage> SendAsync(Uri url, string? authorization, ProbeProgress progress, CancellationToken cancellationToken)
        {
            progress.Connecting(Display(url));
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(ProbeHttpClient.ProgressKey, progress);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            return await probe._client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        private async Task<ProbeOutcome> EvaluateAsync(Uri url, HttpResponseMessage response, bool credentialsSent, TimeSpan latency, CancellationToken cancellationToken)
        {
            var status = $"GET {Display(url)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var challenges = AuthenticationChallenge.ParseAll(ChallengeValues(response));
                var detail = AuthenticationFailures.Describe(status, challenges, credentials?.UserName, credentialsSent, _credentialsWithheld);
                return Reachable(latency, status, new Finding(AlarmType.AuthenticationFailed, AuthenticationSubject, detail));
            }

            if (!response.IsSuccessStatusCode)
            {
                var hint = IsRedirect(response.StatusCode)
                    ? $"it redirects to {Display(new Uri(url, response.Headers.Location ?? url))}, which was not followed (the probe follows one redirect, to http or https only); put the final URL in the ledger"
                    : "the snapshot URL does not return a picture, so check it in the ledger";
                return Reachable(latency, status, Invalid($"{status}; {hint}"));
            }

            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            if (body.Problem is not null)
            {
                return Reachable(latency, status, Invalid($"{status}; {body.Problem}"));
            }

            var picture = JpegInspector.Inspect(body.Bytes);
            if (!picture.IsValid)
            {
                return Reachable(latency, status, Invalid($"{status}; the body ({body.Bytes.Length} bytes) is not a usable JPEG: {picture.Problem}"));
            }

            var facts = new Dictionary<string, string>
            {
                [ProbeFacts.ImageWidth] = picture.Width.ToString(CultureInfo.InvariantCulture),
                [ProbeFacts.ImageHeight] = picture.Height.ToString(CultureInfo.InvariantCulture),
            };
            return ProbeOutcome.Reachable(probe.Kind, latency, $"{status}; JPEG {picture.Width}x{picture.Height}, {body.Bytes.Length} bytes") with { Facts = facts };
        }

        /// <summary>Reads the body up to the cap; a stall past the timeout or a broken connection is a problem, not an outage.</summary>
        private async Task<(byte[] Bytes, string? Problem)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var declared = response.Content.Headers.ContentLength;
            if (declared > probe._maxBodyBytes)
            {
                return ([], $"the body declares {declared} bytes, more than the {probe._maxBodyBytes} bytes a snapshot may have; it was not read");
            }

            using var body = new MemoryStream(declared is { } length ? (int)length : 64 * 1024);
            var chunk = new byte[16 * 1024];
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > probe._maxBodyBytes)
                    {
                        return ([], $"the body is longer than the {probe._maxBodyBytes} bytes a snapshot may have; reading stopped there");
                    }

                    body.Write(chunk, 0, read);
                }
            }
            catch (OperationCanceledException)
            {
                return ([], $"the body was still incomplete after {ProbeExecution.Seconds(timeout)} ({body.Length} bytes received); the device sends it too slowly");
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                return ([], $"the connection broke after {body.Length} body bytes ({exception.Message})");
            }

            return (body.ToArray(), null);
        }

        private ProbeOutcome Reachable(TimeSpan latency, string status, Finding finding) =>
            ProbeOutcome.Reachable(probe.Kind, latency, status, [finding]);

        private static Finding Invalid(string detail) => new(AlarmType.SnapshotInvalid, "", detail);

        private static IEnumerable<string> ChallengeValues(HttpResponseMessage response) =>
            response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? values : [];

        private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;
    }
}
