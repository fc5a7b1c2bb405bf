namespace Watchkeeper.Protocols.Sip;

/// <summary>The request methods that GB/T 28181 uses (RFC 3261, RFC 3428 MESSAGE, RFC 6665 SUBSCRIBE and NOTIFY).</summary>
public static class SipMethods
{
    public const string Register = "REGISTER";
    public const string Message = "MESSAGE";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Info = "INFO";
    public const string Options = "OPTIONS";
}
