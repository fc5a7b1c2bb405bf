using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.Onvif;

/// <summary>
/// Finds a device's RTSP and snapshot URLs through its media service: the service address from
/// GetCapabilities (or GetServices), the first profile from GetProfiles, then GetStreamUri and GetSnapshotUri.
/// </summary>
internal sealed class OnvifMediaDiscovery(OnvifClient client, Func<UsernameToken?> createToken)
{
    /// <summary>
    /// Runs the discovery, recording URLs as facts and failed steps as notes. Returns the result that rejected
    /// the credentials, which ends the discovery, or null.
    /// </summary>
    public async Task<SoapResult?> DiscoverAsync(Uri deviceService, bool wantStream, bool wantSnapshot, OnvifReport report, CancellationToken cancellationToken)
    {
        var (mediaService, rejected) = await FindMediaServiceAsync(deviceService, report, cancellationToken).ConfigureAwait(false);
        if (rejected is not null || mediaService is null)
        {
            return rejected;
        }

        var profiles = await CallAsync(mediaService, OnvifRequests.GetProfiles(), report, cancellationToken).ConfigureAwait(false);
        if (profiles.IsNotAuthorized)
        {
            return profiles;
        }

        if (profiles.Body is null)
        {
            return null;
        }

        var token = OnvifParser.ParseFirstProfileToken(profiles.Body);
        if (token is null)
        {
            report.Notes.Add("GetProfiles returned no profile with a token, so no media URL was discovered");
            return null;
        }

        if (wantStream)
        {
            rejected = await DiscoverUriAsync(mediaService, OnvifRequests.GetStreamUri(token), ProbeFacts.DiscoveredRtspUrl, report, cancellationToken).ConfigureAwait(false);
            if (rejected is not null)
            {
                return rejected;
            }
        }

        return wantSnapshot
            ? await DiscoverUriAsync(mediaService, OnvifRequests.GetSnapshotUri(token), ProbeFacts.DiscoveredSnapshotUrl, report, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Returns the media service address on the device's own host. A service address naming another host (a
    /// NAT's inside address, or any other machine) is moved to the device URL's scheme, host and port, so the
    /// probe only ever contacts the address in the ledger.
    /// </summary>
    internal static Uri ResolveServiceAddress(Uri deviceService, string? address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var service) || service.Scheme is not ("http" or "https"))
        {
            return deviceService;
        }

        if (string.Equals(service.Host, deviceService.Host, StringComparison.OrdinalIgnoreCase))
        {
            return service;
        }

        return new UriBuilder(service) { Scheme = deviceService.Scheme, Host = deviceService.Host, Port = deviceService.Port }.Uri;
    }

    private async Task<(Uri? Service, SoapResult? Rejected)> FindMediaServiceAsync(Uri deviceService, OnvifReport report, CancellationToken cancellationToken)
    {
        var capabilities = await CallAsync(deviceService, OnvifRequests.GetCapabilities(), report, cancellationToken).ConfigureAwait(false);
        if (capabilities.IsNotAuthorized)
        {
            return (null, capabilities);
        }

        if (capabilities.Failure is not null)
        {
            // The connection failed or the time budget ran out, so a second request would fail the same way.
            return (null, null);
        }

        var address = capabilities.Body is null ? null : OnvifParser.ParseMediaAddressFromCapabilities(capabilities.Body);
        if (address is null)
        {
            // Devices that implement only the newer service discovery return a fault for GetCapabilities.
            var services = await CallAsync(deviceService, OnvifRequests.GetServices(), report, cancellationToken).ConfigureAwait(false);
            if (services.IsNotAuthorized)
            {
                return (null, services);
            }

            address = services.Body is null ? null : OnvifParser.ParseMediaAddressFromServices(services.Body);
        }

        if (address is null)
        {
            report.Notes.Add("the device reports no media service, so no media URL was discovered");
            return (null, null);
        }

        return (ResolveServiceAddress(deviceService, address), null);
    }

    private async Task<SoapResult?> DiscoverUriAsync(Uri mediaService, OnvifRequest request, string fact, OnvifReport report, CancellationToken cancellationToken)
    {
        var result = await CallAsync(mediaService, request, report, cancellationToken).ConfigureAwait(false);
        if (result.IsNotAuthorized)
        {
            return result;
        }

        if (result.Body is null)
        {
            return null;
        }

        if (OnvifParser.ParseMediaUri(result.Body) is { } uri)
        {
            report.Facts[fact] = uri.Uri;
        }
        else
        {
            report.Notes.Add($"{request.Name} returned no MediaUri/Uri");
        }

        return null;
    }

    /// <summary>Sends an authenticated request; a failure other than rejected credentials becomes a note.</summary>
    private async Task<SoapResult> CallAsync(Uri service, OnvifRequest request, OnvifReport report, CancellationToken cancellationToken)
    {
        var result = await client.CallAsync(service, request, createToken(), cancellationToken).ConfigureAwait(false);
        if (result.Body is null && !result.IsNotAuthorized)
        {
            report.Notes.Add($"{request.Name} failed: {result.Describe()}");
        }

        return result;
    }
}
