using System.Globalization;
using System.Net;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Protocols.HttpApi;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>
/// ONVIF probe: reads the device clock without credentials, then the device information with a WS-Security
/// UsernameToken dated by the device clock, then, where the ledger lacks them, the RTSP and snapshot URLs.
/// </summary>
/// <remarks>
/// Many devices lock an account after a few rejected logins, so a NotAuthorized fault is reported with the fact
/// <see cref="ProbeFacts.OnvifNotAuthorized"/>, and a target marked <see cref="ProbeTarget.OnvifAuthenticationBlocked"/>
/// gets no authenticated request at all until its credentials change.
/// </remarks>
public sealed class OnvifProbe(TimeProvider? timeProvider = null) : IProbe
{
    /// <summary>The finding subject for rejected credentials, so that its alarm differs from RTSP's and the HTTP API's.</summary>
    public const string AuthenticationSubject = "ONVIF";

    /// <summary>The device service entry point the ONVIF Core Specification gives devices.</summary>
    public const string DefaultDeviceServicePath = "/onvif/device_service";

    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public ProbeKind Kind => ProbeKind.Onvif;

    public async Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Timeout <= TimeSpan.Zero)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: the probe timeout {target.Timeout} is not positive; correct the monitoring settings");
        }

        var deviceService = DeviceServiceUri(target);
        if (deviceService is null)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: no ONVIF URL and no IP address in the ledger");
        }

        var endpoint = DeviceHttpClient.Describe(deviceService);
        var credential = target.HasCredentials ? new NetworkCredential(target.UserName, target.Password ?? "") : null;
        var started = _timeProvider.GetTimestamp();
        using var http = new DeviceHttpClient(credential, target.Timeout, _timeProvider);
        var client = new OnvifClient(http);
        var report = new OnvifReport();

        var (clockFailure, deviceOffset) = await ReadClockAsync(client, deviceService, target, report, cancellationToken).ConfigureAwait(false);
        if (clockFailure is not null)
        {
            return clockFailure.ToOutcome(Kind, _timeProvider.GetElapsedTime(started));
        }

        await ReadAuthenticatedAsync(client, deviceService, target, report, deviceOffset, cancellationToken).ConfigureAwait(false);
        return ProbeOutcome.Reachable(Kind, _timeProvider.GetElapsedTime(started), report.Detail(endpoint), report.Findings) with { Facts = report.Facts };
    }

    /// <summary>
    /// Returns the ledger's ONVIF URL (with the default path when it names only the host), else
    /// http://address[:HttpPort]/onvif/device_service.
    /// </summary>
    internal static Uri? DeviceServiceUri(ProbeTarget target)
    {
        if (Uri.TryCreate(target.OnvifUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.AbsolutePath == "/" && uri.Query.Length == 0 ? new Uri(uri, DefaultDeviceServicePath) : uri;
        }

        var host = target.Host();
        if (host is null)
        {
            return null;
        }

        var port = target.HttpPort is > 0 and <= 65535 ? target.HttpPort.Value : 80;
        return new UriBuilder(Uri.UriSchemeHttp, host, port, DefaultDeviceServicePath).Uri;
    }

    /// <summary>
    /// Reads GetSystemDateAndTime without credentials and checks the clock. Returns a failure when the device
    /// does not respond as an ONVIF device, and the device clock minus the platform clock (zero when unknown).
    /// </summary>
    private async Task<(ProbeFailure? Failure, TimeSpan DeviceOffset)> ReadClockAsync(
        OnvifClient client, Uri deviceService, ProbeTarget target, OnvifReport report, CancellationToken cancellationToken)
    {
        var sentAt = _timeProvider.GetUtcNow();
        var result = await client.CallAsync(deviceService, OnvifRequests.GetSystemDateAndTime(), token: null, cancellationToken).ConfigureAwait(false);
        var receivedAt = _timeProvider.GetUtcNow();
        if (result.Failure is not null)
        {
            return (result.Failure, TimeSpan.Zero);
        }

        if (result.Body is null)
        {
            // A SOAP fault or HTTP 401 still proves an ONVIF service. Some firmware requires credentials even for
            // the clock, although ONVIF lets it be read without them.
            report.Notes.Add($"GetSystemDateAndTime without credentials failed ({result.Describe()}), so the clock was not checked");
            return (null, TimeSpan.Zero);
        }

        // The device read its clock somewhere between sending and receiving; the midpoint halves the error.
        var platformNow = sentAt + ((receivedAt - sentAt) / 2);
        var check = DeviceClock.Check(OnvifParser.ParseSystemDateAndTime(result.Body), platformNow, target.ClockSkewThreshold, _timeProvider.LocalTimeZone);
        report.Summary.Add(check.Summary);
        if (check.Finding is not null)
        {
            report.Findings.Add(check.Finding);
        }

        if (check.Skew is not { } skew)
        {
            return (null, TimeSpan.Zero);
        }

        report.Facts[ProbeFacts.ClockSkewSeconds] = ((long)skew.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return (null, skew);
    }

    /// <summary>Reads the device information and, where the ledger lacks them, the media URLs.</summary>
    private async Task ReadAuthenticatedAsync(
        OnvifClient client, Uri deviceService, ProbeTarget target, OnvifReport report, TimeSpan deviceOffset, CancellationToken cancellationToken)
    {
        if (target.OnvifAuthenticationBlocked)
        {
            report.Findings.Add(new Finding(AlarmType.AuthenticationFailed, AuthenticationSubject,
                "the device rejected these credentials earlier (NotAuthorized), so no authenticated ONVIF request is sent until they change; correct the user name or password in the ledger"));
            report.Facts[ProbeFacts.OnvifNotAuthorized] = "true";
            return;
        }

        // Devices check Created against their own clock, so the token is dated by the device clock.
        UsernameToken? CreateToken() => target.HasCredentials
            ? UsernameToken.Create(target.UserName!, target.Password ?? "", _timeProvider.GetUtcNow() + deviceOffset)
            : null;

        var information = await client.CallAsync(deviceService, OnvifRequests.GetDeviceInformation(), CreateToken(), cancellationToken).ConfigureAwait(false);
        if (information.IsNotAuthorized)
        {
            ReportRejected(target, report, information);
            return;
        }

        if (information.Body is not null)
        {
            var facts = OnvifParser.ParseDeviceInformation(information.Body);
            foreach (var (key, value) in facts)
            {
                report.Facts[key] = value;
            }

            var identity = string.Join(' ', new[] { facts.GetValueOrDefault(ProbeFacts.Manufacturer), facts.GetValueOrDefault(ProbeFacts.Model) }.OfType<string>());
            if (identity.Length > 0)
            {
                report.Summary.Insert(0, identity);
            }
        }
        else
        {
            report.Notes.Add($"GetDeviceInformation failed: {information.Describe()}");
            if (information.Failure is not null)
            {
                return;
            }
        }

        var wantStream = string.IsNullOrWhiteSpace(target.RtspUrl);
        var wantSnapshot = string.IsNullOrWhiteSpace(target.SnapshotUrl);
        if (wantStream || wantSnapshot)
        {
            var discovery = new OnvifMediaDiscovery(client, CreateToken);
            var rejected = await discovery.DiscoverAsync(deviceService, wantStream, wantSnapshot, report, cancellationToken).ConfigureAwait(false);
            if (rejected is not null)
            {
                ReportRejected(target, report, rejected);
            }
        }
    }

    private static void ReportRejected(ProbeTarget target, OnvifReport report, SoapResult result)
    {
        if (!target.HasCredentials)
        {
            report.Notes.Add($"the device requires credentials and the ledger has none ({result.Describe()})");
            return;
        }

        report.Findings.Add(new Finding(AlarmType.AuthenticationFailed, AuthenticationSubject,
            $"the device rejected the ledger's credentials ({result.Describe()}); correct the user name or password"));
        report.Facts[ProbeFacts.OnvifNotAuthorized] = "true";
    }
}
