namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Builds responses to requests from the platform (RFC 3261 §8.2.6).</summary>
internal static class SipResponses
{
    public const string UserAgent = "Watchkeeper-Simulator GB28181/1.0";

    /// <summary>
    /// Creates a response that copies the Via headers, From, Call-ID and CSeq of <paramref name="request"/>, and its
    /// To with <paramref name="toTag"/> added when the request's To has no tag yet.
    /// </summary>
    public static SipMessage Create(SipMessage request, int statusCode, string reasonPhrase, string toTag)
    {
        var response = SipMessage.Response(statusCode, reasonPhrase);
        foreach (var via in request.HeaderValues("Via"))
        {
            response.Add("Via", via);
        }

        var to = request.Header("To") ?? "";
        if (SipUris.Parameter(to, "tag") is null)
        {
            to += ";tag=" + toTag;
        }

        response
            .Add("From", request.Header("From") ?? "")
            .Add("To", to)
            .Add("Call-ID", request.Header("Call-ID") ?? "")
            .Add("CSeq", request.Header("CSeq") ?? "")
            .Add("User-Agent", UserAgent);
        return response;
    }
}
