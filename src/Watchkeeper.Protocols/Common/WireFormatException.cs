namespace Watchkeeper.Protocols.Common;

/// <summary>
/// A peer sent bytes that do not form a message of the expected protocol: garbage, a malformed start line, a
/// header that cannot be read. Probes turn it into <c>ProbeReason.ProtocolError</c>.
/// </summary>
public class WireFormatException : Exception
{
    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A peer sent a line, header block or body longer than the reader allows; reading stopped at the limit.
/// Probes turn it into <c>ProbeReason.ResponseTooLarge</c>.
/// </summary>
public sealed class MessageTooLargeException : WireFormatException
{
    public MessageTooLargeException(string message)
        : base(message)
    {
    }
}
