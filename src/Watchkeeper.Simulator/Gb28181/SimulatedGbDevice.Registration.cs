using System.Globalization;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Registration, refresh, keepalive and unregistration (GB/T 28181-2016 §9.1 and §9.6.1).</summary>
public sealed partial class SimulatedGbDevice
{
    // A REGISTER can meet at most a challenge and then a stale-nonce challenge before it must succeed.
    private const int MaxRegisterAttempts = 3;

    private readonly string _registrationCallId = SipUris.NewToken();
    private readonly string _registrationTag = SipUris.NewToken();
    private readonly SemaphoreSlim _wakeRegistration = new(0, 1);
    private volatile DigestChallenge? _challenge;
    private volatile TaskCompletionSource _registeredSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _registeredUntilTicks;

    /// <summary>True while a registration the platform granted has not expired.</summary>
    public bool IsRegistered => RegistrationExpiresAt is { } expires && expires > _timeProvider.GetUtcNow();

    /// <summary>When the current registration expires at the platform, or null before the first one.</summary>
    public DateTimeOffset? RegistrationExpiresAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _registeredUntilTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Waits until the device is registered; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitUntilRegisteredAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (!IsRegistered)
        {
            var signal = _registeredSignal;
            if (signal.Task.IsCompleted)
            {
                // Set by a registration that has since lapsed: wait for the next one.
                Interlocked.CompareExchange(ref _registeredSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), signal);
                continue;
            }

            try
            {
                // MarkRegistered sets the expiry before it completes the signal, so the check above cannot miss a
                // registration; the poll is a safety net only.
                await signal.Task.WaitAsync(TimeSpan.FromSeconds(5), _timeProvider, limit.Token);
            }
            catch (TimeoutException)
            {
                // Look at the registration again.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    private void WakeRegistration()
    {
        try
        {
            _wakeRegistration.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    private void MarkRegistered(int grantedSeconds)
    {
        var until = _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(grantedSeconds);
        Interlocked.Exchange(ref _registeredUntilTicks, until.UtcTicks);
        Counters.Registered();
        _registeredSignal.TrySetResult();
    }

    private void MarkUnregistered()
    {
        Interlocked.Exchange(ref _registeredUntilTicks, 0);
        if (_registeredSignal.Task.IsCompleted)
        {
            _registeredSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The wait before the first REGISTER, which a fleet uses to spread its registrations.</summary>
    internal TimeSpan InitialDelay { get; set; }

    private async Task RegistrationLoopAsync(CancellationToken cancellationToken)
    {
        if (InitialDelay > TimeSpan.Zero)
        {
            await SafeDelayAsync(InitialDelay, cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var granted = await RegisterAsync(_options.Expires, cancellationToken);
                var wait = granted is { } seconds
                    ? TimeSpan.FromSeconds(Math.Max(1, seconds) / 2.0)
                    : _options.RegisterRetryInterval;
                while (true)
                {
                    // The refresh is due at half the lifetime; with the refresh fault the registration lapses instead.
                    await WaitForWakeAsync(wait, cancellationToken);
                    if (!HasFault(GbFault.RegistrationRefreshStopped))
                    {
                        break;
                    }

                    LogRefreshSkipped(_logger, DeviceId);
                    wait = Timeout.InfiniteTimeSpan;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLoopFailed(_logger, exception, DeviceId, "registration");
                await SafeDelayAsync(_options.RegisterRetryInterval, cancellationToken);
            }
        }
    }

    private async Task WaitForWakeAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            await _wakeRegistration.WaitAsync(cancellationToken);
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _timeProvider, limit.Token);
        var woken = _wakeRegistration.WaitAsync(limit.Token);
        await Task.WhenAny(delay, woken);
        await limit.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await Task.WhenAll(delay, woken);
        }
        catch (OperationCanceledException)
        {
            // The other wait was cancelled.
        }
    }

    /// <summary>
    /// Sends REGISTER with <paramref name="expires"/> and responds to a Digest challenge. Returns the lifetime the
    /// platform granted, or null when the platform rejected the request or sent no response. Expires 0 unregisters.
    /// </summary>
    private async Task<int?> RegisterAsync(int expires, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxRegisterAttempts; attempt++)
        {
            var challenge = _challenge;
            var request = RegisterRequest(expires, challenge);
            var response = await _transactions!.SendAsync(request, cancellationToken);
            if (response is null)
            {
                LogRegisterTimedOut(_logger, DeviceId, _options.PlatformEndPoint);
                MarkUnregisteredIfExpired();
                return null;
            }

            if (response.StatusCode is 401 or 407)
            {
                var offered = DigestChallenge.Parse(response.Header(response.StatusCode == 401 ? "WWW-Authenticate" : "Proxy-Authenticate"));
                if (offered is null)
                {
                    LogRegisterRejected(_logger, DeviceId, response.StatusCode, "the challenge is not an MD5 Digest challenge");
                    return null;
                }

                var staleNonceRejected = challenge is not null && challenge.Nonce != offered.Nonce;
                if (challenge is not null && !staleNonceRejected)
                {
                    LogRegisterRejected(_logger, DeviceId, response.StatusCode, "the platform rejected the credentials");
                    _challenge = null;
                    return null;
                }

                _challenge = offered;
                continue;
            }

            if (response.StatusCode is >= 200 and < 300)
            {
                var granted = GrantedExpires(response, expires);
                if (expires == 0)
                {
                    MarkUnregistered();
                    LogUnregistered(_logger, DeviceId);
                }
                else
                {
                    MarkRegistered(granted);
                    LogRegistered(_logger, DeviceId, granted);
                }

                return granted;
            }

            LogRegisterRejected(_logger, DeviceId, response.StatusCode, response.ReasonPhrase ?? "");
            MarkUnregisteredIfExpired();
            return null;
        }

        return null;
    }

    private SipMessage RegisterRequest(int expires, DigestChallenge? challenge)
    {
        var local = _socket!.LocalEndPoint;
        var transport = _options.Transport == GbTransport.Tcp ? ";transport=tcp" : "";
        var request = NewRequest("REGISTER", PlatformRequestUri)
            .Add("From", $"<{DeviceUri}>;tag={_registrationTag}")
            .Add("To", $"<{DeviceUri}>")
            .Add("Call-ID", $"{_registrationCallId}@{local.Address}")
            .Add("CSeq", $"{NextCSeq()} REGISTER")
            .Add("Contact", $"<sip:{DeviceId}@{local}{transport}>")
            .Add("Max-Forwards", "70")
            .Add("User-Agent", SipResponses.UserAgent)
            .Add("Expires", expires.ToString(CultureInfo.InvariantCulture));
        if (challenge is not null)
        {
            request.Add("Authorization", challenge.Authorize("REGISTER", PlatformRequestUri, _options.EffectiveUserName, _options.Password));
        }

        return request;
    }

    private static int GrantedExpires(SipMessage response, int requested)
    {
        var header = response.Header("Expires");
        if (int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var granted))
        {
            return granted;
        }

        var contactExpires = SipUris.Parameter(response.Header("Contact") ?? "", "expires");
        return int.TryParse(contactExpires, NumberStyles.None, CultureInfo.InvariantCulture, out granted) ? granted : requested;
    }

    private void MarkUnregisteredIfExpired()
    {
        if (!IsRegistered)
        {
            MarkUnregistered();
        }
    }

    private async Task UnregisterAsync()
    {
        using var limit = new CancellationTokenSource(_options.UnregisterTimeout, _timeProvider);
        try
        {
            await RegisterAsync(0, limit.Token);
        }
        catch (OperationCanceledException)
        {
            LogUnregisterTimedOut(_logger, DeviceId, _options.UnregisterTimeout);
        }
    }

    private async Task KeepaliveLoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!IsRegistered)
                {
                    failures = 0;
                    await WaitUntilRegisteredAsync(_options.HeartbeatInterval, cancellationToken);
                    continue;
                }

                if (!HasFault(GbFault.KeepalivesStopped))
                {
                    var answered = await SendKeepaliveAsync(cancellationToken);
                    failures = answered ? 0 : failures + 1;
                    if (failures >= _options.HeartbeatTimeoutCount)
                    {
                        // As real devices do: after HeartBeatCount unanswered keepalives, register again.
                        LogKeepalivesUnanswered(_logger, DeviceId, failures);
                        failures = 0;
                        Interlocked.Exchange(ref _registeredUntilTicks, 0);
                        WakeRegistration();
                    }
                }

                await Task.Delay(_options.HeartbeatInterval, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLoopFailed(_logger, exception, DeviceId, "keepalive");
                await SafeDelayAsync(_options.HeartbeatInterval, cancellationToken);
            }
        }
    }

    private async Task<bool> SendKeepaliveAsync(CancellationToken cancellationToken)
    {
        var body = NewBody("Notify", "Keepalive", NextSn(), DeviceId).Element("Status", "OK");
        var answered = await SendMessageAsync(Encode(body), cancellationToken);
        Counters.KeepaliveSent(answered);
        return answered;
    }

    private async Task SafeDelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
