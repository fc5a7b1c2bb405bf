using System.Text;

namespace Watchkeeper.Protocols.Common;

/// <summary>
/// Splits one WWW-Authenticate or Authorization header value into challenges (RFC 7235 section 2.1).
/// </summary>
/// <remarks>
/// After a comma, a token followed by '=' is another parameter and any other token starts a new challenge.
/// A token68 right after the scheme (as in "Basic dXNlcjpwYXNz") is kept under the parameter name "token68".
/// </remarks>
internal sealed class AuthParameterScanner(string text)
{
    public const string Token68 = "token68";

    private int _position;

    public List<AuthenticationChallenge> ReadAll()
    {
        var challenges = new List<AuthenticationChallenge>();
        SkipSeparators();
        var scheme = ReadToken();
        while (scheme.Length > 0)
        {
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var nextScheme = ReadParameters(parameters);
            challenges.Add(new AuthenticationChallenge(scheme, parameters));
            scheme = nextScheme;
        }

        return challenges;
    }

    /// <summary>Reads the parameters of the challenge whose scheme was just read; returns the next scheme, or "".</summary>
    private string ReadParameters(Dictionary<string, string> parameters)
    {
        var first = true;
        while (true)
        {
            var afterComma = SkipSeparators();
            if (_position == text.Length)
            {
                return "";
            }

            var name = ReadToken();
            if (name.Length == 0)
            {
                SkipStray();
                continue;
            }

            SkipWhitespace();
            var directlyAfterScheme = first && !afterComma;
            first = false;
            if (directlyAfterScheme && TryReadToken68Padding(out var padding))
            {
                parameters.TryAdd(Token68, name + padding);
                continue;
            }

            if (_position == text.Length || text[_position] != '=')
            {
                if (directlyAfterScheme)
                {
                    parameters.TryAdd(Token68, name);
                    continue;
                }

                return name;
            }

            _position++;
            SkipWhitespace();
            var value = _position < text.Length && text[_position] == '"' ? ReadQuoted() : ReadUnquotedValue();
            parameters.TryAdd(name, value);
        }
    }

    /// <summary>Reads the '=' padding of a token68 when nothing but a separator follows it.</summary>
    private bool TryReadToken68Padding(out string padding)
    {
        var end = _position;
        while (end < text.Length && text[end] == '=')
        {
            end++;
        }

        var followedBySeparator = end == text.Length || text[end] == ',' || char.IsWhiteSpace(text[end]);
        if (end == _position || !followedBySeparator)
        {
            padding = "";
            return false;
        }

        padding = text[_position..end];
        _position = end;
        return true;
    }

    /// <summary>Skips commas and white space; returns whether a comma was among them.</summary>
    private bool SkipSeparators()
    {
        var comma = false;
        while (_position < text.Length && (text[_position] == ',' || char.IsWhiteSpace(text[_position])))
        {
            comma |= text[_position] == ',';
            _position++;
        }

        return comma;
    }

    private void SkipWhitespace()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
    }

    private void SkipStray()
    {
        if (text[_position] == '"')
        {
            ReadQuoted();
        }
        else
        {
            _position++;
        }
    }

    private string ReadToken()
    {
        var start = _position;
        while (_position < text.Length && !char.IsWhiteSpace(text[_position]) && text[_position] is not (',' or '=' or '"'))
        {
            _position++;
        }

        return text[start.._position];
    }

    private string ReadUnquotedValue()
    {
        // Unlike a token, an unquoted value may contain '=', as a base64 nonce sent without quotes does.
        var start = _position;
        while (_position < text.Length && !char.IsWhiteSpace(text[_position]) && text[_position] != ',')
        {
            _position++;
        }

        return text[start.._position];
    }

    private string ReadQuoted()
    {
        // The opening quote is at _position. An unterminated quote runs to the end of the value.
        _position++;
        var value = new StringBuilder();
        while (_position < text.Length && text[_position] != '"')
        {
            if (text[_position] == '\\' && _position + 1 < text.Length)
            {
                _position++;
            }

            value.Append(text[_position]);
            _position++;
        }

        _position = Math.Min(_position + 1, text.Length);
        return value.ToString();
    }
}
