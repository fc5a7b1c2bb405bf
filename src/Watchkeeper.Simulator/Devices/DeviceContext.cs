using Microsoft.Extensions.Logging;
using Watchkeeper.Simulator.Authentication;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Devices;

/// <summary>What every device of one fleet shares: the time, the Digest nonce key, logging and listener limits.</summary>
/// <param name="RtspServerOptions">The listener limits of RTSP services, whose request timeout is the session timeout.</param>
internal sealed record DeviceContext(
    TimeProvider TimeProvider,
    NonceIssuer Nonces,
    ILoggerFactory LoggerFactory,
    MessageServerOptions ServerOptions,
    MessageServerOptions RtspServerOptions);
