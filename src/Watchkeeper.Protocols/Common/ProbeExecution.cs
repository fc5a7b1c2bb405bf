using System.Globalization;
using System.Net.Http;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Authentication;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.Common;

/// <summary>How far a probe got, so that a timeout detail can name where it stopped.</summary>
internal sealed class ProbeProgress(string endpoint)
{
    /// <summary>The endpoint that failure details name; a redirect changes it.</summary>
    public string Endpoint { get; private set; } = endpoint;

    /// <summary>What the probe is doing, as the end of "timed out while ...".</summary>
    public string Step { get; private set; } = "connecting";

    /// <summary>Whether a connection to the device was open when the step began.</summary>
    public bool Connected { get; private set; }

    public void Connecting(string endpoint)
    {
        Endpoint = endpoint;
        Connected = false;
        Step = "connecting";
    }

    /// <summary>Records a step that needs no connection, such as waiting for an ICMP echo reply.</summary>
    public void Begin(string step) => Step = step;

    /// <summary>Records that the connection is open and the probe now waits for <paramref name="step"/>.</summary>
    public void Awaiting(string step)
    {
        Connected = true;
        Step = step;
    }
}

/// <summary>
/// Runs the body of a probe under the target's timeout and turns timeouts and network failures into outcomes.
/// </summary>
internal static class ProbeExecution
{
    /// <remarks>
    /// Cancellation by <paramref name="cancellationToken"/> is the caller's and propagates as
    /// <see cref="OperationCanceledException"/>. Exceptions other than network and wire-format failures are bugs
    /// and propagate too.
    /// </remarks>
    public static async Task<ProbeOutcome> RunAsync(
        ProbeKind kind,
        string endpoint,
        TimeSpan timeout,
        TimeProvider time,
        Func<ProbeProgress, CancellationToken, Task<ProbeOutcome>> body,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var progress = new ProbeProgress(endpoint);
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            var outcome = await body(progress, linked.Token).ConfigureAwait(false);

            // A body may turn a timeout into a finding; the caller's cancellation still wins.
            cancellationToken.ThrowIfCancellationRequested();
            return outcome;
        }
        catch (Exception exception) when (exception is OperationCanceledException || IsNetworkFailure(exception))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var elapsed = time.GetElapsedTime(started);
            if (timeoutSource.IsCancellationRequested)
            {
                return ProbeOutcome.Unreachable(kind, ProbeReason.Timeout, TimeoutDetail(progress.Endpoint, timeout, progress), elapsed);
            }

            var (reason, detail) = ProbeErrors.Classify(exception, progress.Endpoint);
            return ProbeOutcome.Unreachable(kind, reason, detail, elapsed);
        }
    }

    /// <summary>Formats a duration for a detail, e.g. "5 s" or "0.5 s".</summary>
    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Formats a latency for a detail, e.g. "3.2 ms".</summary>
    public static string Milliseconds(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static string TimeoutDetail(string endpoint, TimeSpan timeout, ProbeProgress progress) => progress.Connected
        ? $"{endpoint}: timed out after {Seconds(timeout)} while {progress.Step}; the device accepted the connection but did not respond in time, so check the service or restart the device"
        : $"{endpoint}: timed out after {Seconds(timeout)} while {progress.Step}; check that the device is powered and the network path to it";

    private static bool IsNetworkFailure(Exception exception) => exception is
        IOException or SocketException or HttpRequestException or WireFormatException or AuthenticationException or PingException;
}
