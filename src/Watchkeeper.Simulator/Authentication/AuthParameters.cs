namespace Watchkeeper.Simulator.Authentication;

/// <summary>
/// Parses the auth-param list of a Digest Authorization header (RFC 2617 §1.2, §3.2.2):
/// name=token or name="quoted string", separated by commas.
/// </summary>
internal static class AuthParameters
{
    private const int MaxParameters = 32;

    /// <summary>Returns the parameters by lower-case name, or null when the list is malformed.</summary>
    public static Dictionary<string, string>? Parse(ReadOnlySpan<char> text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (true)
        {
            position = SkipSeparators(text, position);
            if (position >= text.Length)
            {
                return parameters;
            }

            if (parameters.Count >= MaxParameters)
            {
                return null;
            }

            var equals = text[position..].IndexOf('=');
            if (equals <= 0)
            {
                return null;
            }

            var name = text.Slice(position, equals).Trim().ToString();
            position += equals + 1;
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }

            if (!TryReadValue(text, ref position, out var value))
            {
                return null;
            }

            parameters[name] = value;
        }
    }

    private static int SkipSeparators(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && text[position] is ' ' or ',' or '\t')
        {
            position++;
        }

        return position;
    }

    private static bool TryReadValue(ReadOnlySpan<char> text, ref int position, out string value)
    {
        if (position < text.Length && text[position] == '"')
        {
            var quoted = new System.Text.StringBuilder();
            for (position++; position < text.Length; position++)
            {
                var current = text[position];
                if (current == '"')
                {
                    position++;
                    value = quoted.ToString();
                    return true;
                }

                if (current == '\\' && position + 1 < text.Length)
                {
                    position++;
                    current = text[position];
                }

                quoted.Append(current);
            }

            value = "";
            return false;
        }

        var end = text[position..].IndexOf(',');
        var token = end < 0 ? text[position..] : text.Slice(position, end);
        position += token.Length;
        value = token.Trim().ToString();
        return value.Length > 0;
    }
}
