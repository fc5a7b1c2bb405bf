using System.Globalization;
using System.Net;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>
/// Vendor HTTP API probe: device information and recorder disks through Hikvision ISAPI or Dahua CGI, chosen
/// from the ledger's vendor or URL, else tried in that order.
/// </summary>
public sealed class HttpApiProbe(TimeProvider? timeProvider = null) : IProbe
{
    /// <summary>The finding subject for rejected credentials, so that its alarm differs from ONVIF's and RTSP's.</summary>
    public const string AuthenticationSubject = "HTTP API";

    private static readonly IRecorderApi Isapi = new IsapiApi();
    private static readonly IRecorderApi DahuaCgi = new DahuaCgiApi();

    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public ProbeKind Kind => ProbeKind.HttpApi;

    public async Task<ProbeOutcome> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Timeout <= TimeSpan.Zero)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: the probe timeout {target.Timeout} is not positive; correct the monitoring settings");
        }

        var baseUri = BaseUri(target);
        if (baseUri is null)
        {
            return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured, $"{target}: no HTTP API URL and no IP address in the ledger");
        }

        var chosen = ChooseApi(target);
        IRecorderApi[] candidates = chosen is null ? [Isapi, DahuaCgi] : [chosen];
        var credential = target.HasCredentials ? new NetworkCredential(target.UserName, target.Password ?? "") : null;
        var started = _timeProvider.GetTimestamp();
        using var http = new DeviceHttpClient(credential, target.Timeout, _timeProvider);

        var rejections = new List<RecorderApiResult.NotThisApi>();
        foreach (var api in candidates)
        {
            var result = await api.ReadAsync(http, baseUri, cancellationToken).ConfigureAwait(false);
            var latency = _timeProvider.GetElapsedTime(started);
            switch (result)
            {
                case RecorderApiResult.Read read:
                    return ToOutcome(target, read.Report, baseUri, latency);
                case RecorderApiResult.AuthenticationFailed failed:
                    return ProbeOutcome.Reachable(Kind, latency, failed.Detail,
                        [new Finding(AlarmType.AuthenticationFailed, AuthenticationSubject, failed.Detail)]);
                case RecorderApiResult.Failed failed:
                    return failed.Failure.ToOutcome(Kind, latency);
                case RecorderApiResult.NotThisApi rejection:
                    rejections.Add(rejection);
                    break;
            }
        }

        if (chosen is not null)
        {
            var rejection = rejections[0];
            return ProbeOutcome.Unreachable(Kind, rejection.Reason,
                $"{rejection.Detail}; the ledger names {chosen.Name} for this device, so check the HTTP API URL and port",
                _timeProvider.GetElapsedTime(started));
        }

        return ProbeOutcome.Skipped(Kind, ProbeReason.NotConfigured,
            $"{string.Join("; ", rejections.Select(r => r.Detail))}. Set the vendor in the ledger if the device has one of these APIs, or remove the HttpApi probe for it");
    }

    /// <summary>Returns ISAPI for Hikvision and Dahua CGI for Dahua, by vendor name or URL path; null when neither decides.</summary>
    internal static IRecorderApi? ChooseApi(ProbeTarget target)
    {
        var vendor = target.Vendor ?? "";
        if (vendor.Contains("hik", StringComparison.OrdinalIgnoreCase) || vendor.Contains("海康", StringComparison.Ordinal))
        {
            return Isapi;
        }

        if (vendor.Contains("dahua", StringComparison.OrdinalIgnoreCase) || vendor.Contains("大华", StringComparison.Ordinal))
        {
            return DahuaCgi;
        }

        var path = Uri.TryCreate(target.HttpApiUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath : "";
        if (path.Contains("/ISAPI", StringComparison.OrdinalIgnoreCase))
        {
            return Isapi;
        }

        return path.Contains("/cgi-bin", StringComparison.OrdinalIgnoreCase) ? DahuaCgi : null;
    }

    /// <summary>Returns the scheme and authority of the ledger's HTTP API URL, else http://address[:HttpPort].</summary>
    internal static Uri? BaseUri(ProbeTarget target)
    {
        if (Uri.TryCreate(target.HttpApiUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new Uri(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/");
        }

        var host = target.Host();
        if (host is null)
        {
            return null;
        }

        var builder = new UriBuilder(Uri.UriSchemeHttp, host, target.HttpPort is > 0 and <= 65535 ? target.HttpPort.Value : 80, "/");
        return builder.Uri;
    }

    private ProbeOutcome ToOutcome(ProbeTarget target, RecorderReport report, Uri baseUri, TimeSpan latency)
    {
        var findings = new List<Finding>();
        var summary = new List<string> { $"{DeviceHttpClient.Describe(baseUri).TrimEnd('/')} {report.Api}" };
        if (report.Facts.GetValueOrDefault(ProbeFacts.Model) is { } model)
        {
            summary.Add(model);
        }

        if (report.Disks is { } disks)
        {
            findings.AddRange(DiskFindings(disks));
            var healthy = disks.Count(d => d.Condition == DiskCondition.Healthy);
            summary.Add($"{healthy} of {disks.Count.ToString(CultureInfo.InvariantCulture)} storage units healthy");

            if (disks.Count == 0 && IsRecorder(target, report))
            {
                findings.Add(new Finding(AlarmType.DiskMissing, "",
                    $"the recorder reports no disk at all through {report.Api}, so it cannot record; install or reseat a disk"));
            }
        }

        var detail = string.Join(", ", summary);
        if (report.Notes.Count > 0)
        {
            detail += "; " + string.Join("; ", report.Notes);
        }

        return ProbeOutcome.Reachable(Kind, latency, detail, findings) with { Facts = report.Facts };
    }

    private static IEnumerable<Finding> DiskFindings(IReadOnlyList<RecorderDisk> disks)
    {
        foreach (var disk in disks)
        {
            var description = disk.Description.Length > 0 ? $" ({disk.Description})" : "";
            if (disk.Condition == DiskCondition.Abnormal)
            {
                yield return new Finding(AlarmType.DiskAbnormal, disk.Subject, $"{disk.Subject} status: {disk.Status}{description}");
            }
            else if (disk.Condition == DiskCondition.Missing)
            {
                yield return new Finding(AlarmType.DiskMissing, disk.Subject, $"{disk.Subject} has no disk (status: {disk.Status}){description}");
            }
        }
    }

    /// <summary>True for a recorder by ledger kind or by the type the device reports (NVR, DVR, XVR, HVR).</summary>
    private static bool IsRecorder(ProbeTarget target, RecorderReport report)
    {
        if (target.Kind == DeviceKind.Recorder)
        {
            return true;
        }

        var type = report.DeviceType ?? "";
        return new[] { "NVR", "DVR", "XVR", "HVR" }.Any(t => type.Contains(t, StringComparison.OrdinalIgnoreCase));
    }
}
