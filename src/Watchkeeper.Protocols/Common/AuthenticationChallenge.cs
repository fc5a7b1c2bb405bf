using System.Text;

namespace Watchkeeper.Protocols.Common;

/// <summary>
/// One challenge of a WWW-Authenticate (or Proxy-Authenticate) header, or the credentials of an Authorization
/// header, which share its grammar (RFC 7235 section 2.1): a scheme and its parameters.
/// </summary>
public sealed class AuthenticationChallenge
{
    // Parameters that RFC 2617 and RFC 7616 send as tokens rather than quoted strings.
    private static readonly HashSet<string> UnquotedParameters = new(StringComparer.OrdinalIgnoreCase) { "algorithm", "stale", "nc" };

    public AuthenticationChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    /// <summary>The scheme as sent, e.g. "Digest" or "basic"; compare it case-insensitively.</summary>
    public string Scheme { get; }

    /// <summary>Parameter values, unquoted, keyed case-insensitively; the first of duplicate names wins.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameter("realm");

    public string? Nonce => Parameter("nonce");

    public string? Opaque => Parameter("opaque");

    /// <summary>The algorithm token as sent (any case), or null when absent, which means MD5.</summary>
    public string? Algorithm => Parameter("algorithm");

    public bool Stale => string.Equals(Parameter("stale"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The qop options of a Digest challenge, e.g. ["auth", "auth-int"]; empty for the RFC 2069 form.</summary>
    public IReadOnlyList<string> QopOptions =>
        Parameter("qop")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Parses every challenge in the given header values. Parsing is lenient: parameters in any order, quoted or
    /// not, spaces around '=', several challenges in one value, an unterminated quote, stray commas.
    /// Values that hold no challenge give nothing.
    /// </summary>
    public static IReadOnlyList<AuthenticationChallenge> ParseAll(IEnumerable<string> headerValues)
    {
        var challenges = new List<AuthenticationChallenge>();
        foreach (var value in headerValues)
        {
            challenges.AddRange(new AuthParameterScanner(value).ReadAll());
        }

        return challenges;
    }

    /// <summary>Parses the first challenge (or credentials) in <paramref name="headerValue"/>, or returns null.</summary>
    public static AuthenticationChallenge? Parse(string headerValue) => ParseAll([headerValue]).FirstOrDefault();

    /// <summary>Formats the challenge as a header value, quoting every parameter but algorithm, stale and nc.</summary>
    public string ToHeaderValue()
    {
        var text = new StringBuilder(Scheme);
        var separator = " ";
        foreach (var (name, value) in Parameters)
        {
            text.Append(separator).Append(name).Append('=');
            text.Append(UnquotedParameters.Contains(name) ? value : Quote(value));
            separator = ", ";
        }

        return text.ToString();
    }

    /// <summary>Describes the challenge for an engineer: scheme, realm and algorithm, never a nonce.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Scheme);
        if (Realm is not null)
        {
            text.Append(" realm \"").Append(Realm).Append('"');
        }

        if (Algorithm is not null)
        {
            text.Append(" algorithm ").Append(Algorithm);
        }

        return text.ToString();
    }

    internal static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
