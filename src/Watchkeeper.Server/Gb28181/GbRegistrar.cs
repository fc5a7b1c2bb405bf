using System.Globalization;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Devices;
using Watchkeeper.Protocols.Sip;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Monitoring;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// Handles REGISTER: Digest authentication with the device's own or the domain-wide password, enrollment or
/// rejection of unknown IDs, registration, refresh and unregistration.
/// </summary>
public sealed partial class GbRegistrar(
    GbSessionBook book,
    GbLedger ledger,
    GbLivenessWatch watch,
    IMonitoringControl monitoring,
    CredentialProtector credentials,
    IOptionsMonitor<Gb28181Options> options,
    TimeProvider time,
    ILogger<GbRegistrar> logger)
{
    private readonly SipDigestChallenge _challenge = new(time);

    /// <summary>Raised after a device registered anew (not a refresh), to query it.</summary>
    public event Action<GbSession>? Registered;

    public async Task<SipResponse> RegisterAsync(SipRequest request, IGbLink link, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var gbId = request.From.Uri.User ?? request.To.Uri.User ?? "";
        if (GbId.Validate(gbId) is { } invalid)
        {
            LogInvalidId(gbId, link.Remote, invalid);
            return SipResponse.For(request, link.Remote, 400, "Bad Request");
        }

        var account = await ledger.FindAccountAsync(gbId, cancellationToken);
        if (account is null && settings.UnknownDevices == UnknownDevicePolicy.Reject)
        {
            LogUnknownRejected(gbId, link.Remote);
            return SipResponse.For(request, link.Remote, 403, "Forbidden");
        }

        var ownPassword = credentials.Unprotect(account?.EncryptedPassword, account?.DeviceId ?? 0);
        if (string.IsNullOrEmpty(ownPassword) && string.IsNullOrEmpty(settings.Password))
        {
            LogNoPassword(gbId);
            return SipResponse.For(request, link.Remote, 403, "Forbidden");
        }

        var expectedUser = account?.DigestUserName;
        var result = SipDigestVerifier.Verify(request, settings.Domain, user =>
            expectedUser is not null && user != expectedUser ? null : ownPassword ?? settings.Password, _challenge);
        switch (result.Outcome)
        {
            case SipDigestOutcome.MissingCredentials or SipDigestOutcome.InvalidNonce or SipDigestOutcome.RealmMismatch:
                return Challenge(request, link, stale: false);
            case SipDigestOutcome.StaleNonce:
                return Challenge(request, link, stale: true);
            case SipDigestOutcome.Verified:
                break;
            default:
                LogAuthenticationFailed(gbId, result.UserName ?? "", result.Outcome, link.Remote);
                return SipResponse.For(request, link.Remote, 403, "Forbidden");
        }

        var enrollment = await ledger.FindOrEnrollAsync(gbId, settings.UnknownDevices == UnknownDevicePolicy.Enroll, cancellationToken);
        if (enrollment is null)
        {
            LogUnknownRejected(gbId, link.Remote);
            return SipResponse.For(request, link.Remote, 403, "Forbidden");
        }

        if (enrollment.Enrolled)
        {
            // The monitoring engine learns of the new ledger device before the liveness change requests its round.
            monitoring.DeviceChanged(enrollment.Profile.DeviceId);
        }

        var requested = request.RequestedExpires ?? 3600;
        if (requested > 0 && requested < settings.MinExpiresSeconds)
        {
            var brief = SipResponse.For(request, link.Remote, 423, "Interval Too Brief");
            brief.Headers.Add("Min-Expires", settings.MinExpiresSeconds.ToString(CultureInfo.InvariantCulture));
            return brief;
        }

        var granted = Math.Min(requested, settings.MaxExpiresSeconds);
        var session = book.GetOrAdd(gbId, enrollment.Profile.DeviceId);
        var now = time.GetUtcNow();
        bool fresh;
        lock (session.Sync)
        {
            fresh = session.RegisteredAt is null || session.IsUnregistered || session.ExpiresAt <= now || granted == 0;
            session.Transport = link.Transport;
            session.Remote = link.Remote;
            session.Connection = link.Transport == GbTransport.Tcp ? link : null;
            session.HeartbeatWindow = settings.HeartbeatWindow(enrollment.Profile.HeartbeatIntervalSeconds, enrollment.Profile.HeartbeatCount);
            if (granted == 0)
            {
                session.UnregisteredAt = now;
            }
            else
            {
                session.RegisteredAt = now;
                session.ExpiresAt = now.AddSeconds(granted);
                session.UnregisteredAt = null;
            }
        }

        await ledger.SaveRegistrationAsync(session, request.Contact?.ToString(), request.UserAgent, cancellationToken);
        if (granted == 0)
        {
            LogUnregistered(gbId, session.DeviceId);
        }
        else if (fresh)
        {
            LogRegistered(gbId, session.DeviceId, link.Transport, link.Remote, granted);
        }

        watch.Check(session);
        if (granted > 0 && fresh)
        {
            Registered?.Invoke(session);
        }

        var ok = SipResponse.For(request, link.Remote, 200, "OK", SipRequestBuilder.CreateTag());
        if (request.Headers.Get("Contact") is { } contact && granted > 0)
        {
            ok.Headers.Add("Contact", contact);
        }

        ok.Headers.Add("Expires", granted.ToString(CultureInfo.InvariantCulture));

        // GB/T 28181 devices set their clock from the Date of the 200 response, in local time without zone.
        ok.Headers.Add("Date", time.GetLocalNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture));
        return ok;
    }

    private SipResponse Challenge(SipRequest request, IGbLink link, bool stale)
    {
        var settings = options.CurrentValue;
        var response = SipResponse.For(request, link.Remote, 401, "Unauthorized", SipRequestBuilder.CreateTag());
        response.Headers.Add("WWW-Authenticate", _challenge.CreateHeaderValue(settings.Domain, settings.DigestQop, stale));
        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected REGISTER from {Remote}: the From user '{GbId}' is not a valid GB/T 28181 ID ({Reason})")]
    private partial void LogInvalidId(string gbId, System.Net.IPEndPoint remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected REGISTER of unknown GB/T 28181 device {GbId} from {Remote}: Gb28181:UnknownDevices is Reject; add the device to the ledger first")]
    private partial void LogUnknownRejected(string gbId, System.Net.IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected REGISTER of {GbId}: no registration password is set; set Gb28181:Password or the device's own password")]
    private partial void LogNoPassword(string gbId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected REGISTER of {GbId} (digest user '{UserName}') from {Remote}: {Outcome}; check the device's SIP user name and password")]
    private partial void LogAuthenticationFailed(string gbId, string userName, SipDigestOutcome outcome, System.Net.IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 device {GbId} (ledger {DeviceId}) registered over {Transport} from {Remote} for {Expires} s")]
    private partial void LogRegistered(string gbId, long deviceId, GbTransport transport, System.Net.IPEndPoint remote, int expires);

    [LoggerMessage(Level = LogLevel.Information, Message = "GB/T 28181 device {GbId} (ledger {DeviceId}) unregistered")]
    private partial void LogUnregistered(string gbId, long deviceId);
}
