using System.Globalization;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// Builds the requests the platform sends to a device (MESSAGE queries, SUBSCRIBE): Request-URI, From with a
/// tag, To, Call-ID, CSeq, a Via with a fresh branch and rport, Max-Forwards 70, and a MANSCDP body.
/// </summary>
/// <example>
/// <code>
/// var request = new SipRequestBuilder(SipMethods.Message, deviceUri)
/// {
///     From = new SipNameAddress(platformUri),
///     To = new SipNameAddress(deviceUri),
///     LocalHost = "127.0.0.1",
///     LocalPort = 5060,
///     Body = queryBytes,
/// }.Build();
/// </code>
/// </example>
public sealed class SipRequestBuilder(string method, SipUri requestUri)
{
    public const string ManscdpContentType = "Application/MANSCDP+xml";

    public string Method { get; } = method;

    public SipUri RequestUri { get; } = requestUri;

    /// <summary>The platform's address; a tag is added when it has none.</summary>
    public required SipNameAddress From { get; init; }

    public required SipNameAddress To { get; init; }

    /// <summary>The host for the Via sent-by: the address the device sends its responses to.</summary>
    public required string LocalHost { get; init; }

    public int? LocalPort { get; init; }

    public string Transport { get; init; } = "UDP";

    /// <summary>The Call-ID; a new one is created when null. A SUBSCRIBE refresh reuses the dialog's Call-ID.</summary>
    public string? CallId { get; init; }

    public long CSeq { get; init; } = 1;

    /// <summary>The Via branch; a new z9hG4bK branch is created when null, as every new transaction needs.</summary>
    public string? Branch { get; init; }

    public string ContentType { get; init; } = ManscdpContentType;

    public byte[] Body { get; init; } = [];

    public int? Expires { get; init; }

    /// <summary>The Event header of a SUBSCRIBE or NOTIFY, e.g. "Catalog" or "presence".</summary>
    public string? Event { get; init; }

    /// <summary>The Contact; a SUBSCRIBE gets one from From's user, LocalHost and LocalPort when null.</summary>
    public SipNameAddress? Contact { get; init; }

    public string? UserAgent { get; init; }

    public SipRequest Build()
    {
        var headers = new SipHeaders(12);
        var via = new SipVia(Transport, LocalHost, LocalPort);
        via.Parameters.Set("rport", null);
        via.Parameters.Set("branch", Branch ?? CreateBranch());
        headers.AddCanonical("Via", via.ToString());
        headers.AddCanonical("From", (From.Tag is null ? From.WithTag(CreateTag()) : From).ToString());
        headers.AddCanonical("To", To.ToString());
        headers.AddCanonical("Call-ID", CallId ?? CreateCallId());
        headers.AddCanonical("CSeq", new SipCSeq(CSeq, Method).ToString());
        headers.AddCanonical("Max-Forwards", "70");

        var contact = Contact ?? (Method == SipMethods.Subscribe ? new SipNameAddress(new SipUri(LocalHost, From.Uri.User, LocalPort)) : null);
        if (contact is not null)
        {
            headers.AddCanonical("Contact", contact.ToString());
        }

        AddOptional(headers, "Event", Event);
        AddOptional(headers, "Expires", Expires?.ToString(CultureInfo.InvariantCulture));
        AddOptional(headers, "User-Agent", UserAgent);
        if (Body.Length > 0)
        {
            headers.AddCanonical("Content-Type", ContentType);
        }

        return new SipRequest(Method, RequestUri, headers, Body);
    }

    /// <summary>Creates a branch with the RFC 3261 magic cookie and 10 random digits.</summary>
    public static string CreateBranch() => SipVia.MagicCookie + RandomDigits(10);

    /// <summary>Creates a tag of 10 random digits; some devices accept nothing but digits, as their own tags are.</summary>
    public static string CreateTag() => RandomDigits(10);

    /// <summary>Creates a Call-ID of 18 random digits.</summary>
    public static string CreateCallId() => RandomDigits(18);

    private static void AddOptional(SipHeaders headers, string name, string? value)
    {
        if (value is not null)
        {
            headers.AddCanonical(name, value);
        }
    }

    private static string RandomDigits(int count) => string.Create(count, 0, (digits, _) =>
    {
        for (var i = 0; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + Random.Shared.Next(10));
        }

        if (digits[0] == '0')
        {
            digits[0] = '1';
        }
    });
}
