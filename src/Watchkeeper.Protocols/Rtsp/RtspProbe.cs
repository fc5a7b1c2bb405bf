using System.Diagnostics.CodeAnalysis;
using System.Net;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Rtsp;

/// <summary>
/// Checks a stream with RTSP OPTIONS and DESCRIBE (RFC 2326) over one TCP connection, following one redirect.
/// </summary>
/// <remarks>
/// Outcomes: Reachable when DESCRIBE returns a session description, with a StreamDescriptionWarning finding
/// when that description is malformed. Reachable with an AuthenticationFailed finding when the device responds
/// 401 to the stored credentials (or needs credentials the ledger lacks): the device is there, the password is
/// wrong. Unreachable when the connection fails, the response is not RTSP, or DESCRIBE returns another error
/// status, because then the stream cannot be played.
/// </remarks>
public sealed class RtspProbe : IProbe
{
    public const string AuthenticationSubject = "RTSP";

    private const int MaxRedirects = 1;

    private readonly TimeProvider _time;
    private readonly RtspLimits _limits;

    public RtspProbe(TimeProvider? time = null, RtspLimits? limits = null)
    {
        _time = time ?? TimeProvider.System;
        _limits = limits ?? RtspLimits.Default;
    }

    public ProbeKind Kind => ProbeKind.Rtsp;

    public Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(target.RtspUrl))
        {
            return Task.FromResult(ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, "no RTSP URL in the ledger"));
        }

        if (!RtspUrl.TryParse(target.RtspUrl, out var url, out var error))
        {
            return Task.FromResult(ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{error}; correct the RTSP URL in the ledger"));
        }

        var credentials = target.HasCredentials ? new NetworkCredential(target.UserName, target.Password ?? "") : url.Credentials;
        return ProbeExecution.RunAsync(
            Kind, url.Display, target.Timeout, _time, (progress, token) => DescribeAsync(url, credentials, progress, token), cancellationToken);
    }

    private async Task<ProbeOutcome> DescribeAsync(RtspUrl url, NetworkCredential? credentials, ProbeProgress progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var credentialsWithheld = false;
        for (var redirects = 0; ; redirects++)
        {
            progress.Connecting(url.Display);
            await using var client = await RtspClient.ConnectAsync(url, credentials, _limits, cancellationToken).ConfigureAwait(false);

            progress.Awaiting("waiting for the OPTIONS response");
            var exchange = await client.OptionsAsync(cancellationToken).ConfigureAwait(false);

            // A server that does not implement OPTIONS may still describe the stream, so only a redirect or a
            // rejected password ends the exchange here.
            if (!exchange.Response.IsRedirect && exchange.Response.StatusCode != 401)
            {
                progress.Awaiting("waiting for the DESCRIBE response");
                exchange = await client.DescribeAsync(cancellationToken).ConfigureAwait(false);
            }

            var latency = _time.GetElapsedTime(started);
            if (!exchange.Response.IsRedirect)
            {
                return Evaluate(url, exchange, credentials, credentialsWithheld, latency);
            }

            if (redirects == MaxRedirects)
            {
                return ProbeOutcome.Unreachable(Kind, ProbeReason.UnexpectedStatus,
                    $"{exchange.Method} {url}: {exchange.Response.StatusText} after one redirect was already followed; put the final stream URL in the ledger",
                    latency);
            }

            if (!TryResolveRedirect(url, exchange, out var next, out var problem))
            {
                return ProbeOutcome.Unreachable(Kind, ProbeReason.ProtocolError, problem, latency);
            }

            // Credentials go only to the host they were stored for.
            if (credentials is not null && !next.Host.Equals(url.Host, StringComparison.OrdinalIgnoreCase))
            {
                credentials = null;
                credentialsWithheld = true;
            }

            url = next;
        }
    }

    private static bool TryResolveRedirect(
        RtspUrl url, RtspTransaction exchange, [NotNullWhen(true)] out RtspUrl? next, [NotNullWhen(false)] out string? problem)
    {
        var location = exchange.Response.Headers.Get("Location");
        if (location is null)
        {
            next = null;
            problem = $"{exchange.Method} {url}: {exchange.Response.StatusText} without a Location header; put the stream's real URL in the ledger";
            return false;
        }

        if (!url.TryResolve(location, out next, out var error))
        {
            problem = $"{exchange.Method} {url}: {exchange.Response.StatusText} to \"{RtspResponse.Printable(UrlSecrets.Mask(location))}\", which cannot be followed: {error}";
            return false;
        }

        problem = null;
        return true;
    }

    private ProbeOutcome Evaluate(RtspUrl url, RtspTransaction exchange, NetworkCredential? credentials, bool credentialsWithheld, TimeSpan latency)
    {
        var response = exchange.Response;
        if (response.StatusCode == 401)
        {
            var status = $"{exchange.Method} {url}: {response.StatusText}";
            var detail = AuthenticationFailures.Describe(status, exchange.Challenges, credentials?.UserName, exchange.CredentialsSent, credentialsWithheld);
            var finding = new Finding(AlarmType.AuthenticationFailed, AuthenticationSubject, detail);
            return ProbeOutcome.Reachable(Kind, latency, $"{exchange.Method} {url}: {response.StatusText}", [finding]);
        }

        if (!response.IsSuccess)
        {
            var hint = response.StatusCode >= 500
                ? "the device's RTSP service reports an error, often because it serves too many clients"
                : "the device speaks RTSP but does not serve this stream, so check the path and channel in the ledger";
            return ProbeOutcome.Unreachable(Kind, ProbeReason.UnexpectedStatus, $"{exchange.Method} {url}: {response.StatusText}; {hint}", latency);
        }

        return DescribeSucceeded(url, response, latency);
    }

    private ProbeOutcome DescribeSucceeded(RtspUrl url, RtspResponse response, TimeSpan latency)
    {
        var warnings = new List<string>();
        var contentType = response.Headers.Get("Content-Type");
        if (contentType is not null && !contentType.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"the Content-Type is \"{RtspResponse.Printable(contentType, 40)}\", not application/sdp");
        }

        var description = SessionDescription.Parse(response.BodyText());
        if (response.Body.Length == 0)
        {
            warnings.Add("the DESCRIBE response has no body");
        }
        else
        {
            warnings.AddRange(description.Warnings);
        }

        var facts = new Dictionary<string, string>();
        if (description.FirstOf("video")?.Encoding is { } video)
        {
            facts[ProbeFacts.VideoCodec] = video;
        }

        if (description.FirstOf("audio")?.Encoding is { } audio)
        {
            facts[ProbeFacts.AudioCodec] = audio;
        }

        var media = description.Media.Count == 0 ? "no media" : string.Join(", ", description.Media);
        var findings = warnings.Count == 0
            ? []
            : new[] { new Finding(AlarmType.StreamDescriptionWarning, "", $"DESCRIBE {url}: {string.Join("; ", warnings)}") };
        return ProbeOutcome.Reachable(Kind, latency, $"DESCRIBE {url}: {response.StatusText}; {media}", findings) with { Facts = facts };
    }
}
