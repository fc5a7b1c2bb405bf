using System.Globalization;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// Writes SIP messages in the strict form: CRLF line ends, one header per line, and a Content-Length that
/// always equals the body (any Content-Length header in the message is replaced).
/// </summary>
public static class SipMessageWriter
{
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    public static byte[] Write(SipMessage message)
    {
        var startLine = message.StartLine;
        var contentLength = "Content-Length: " + message.Body.Length.ToString(CultureInfo.InvariantCulture);
        var total = Encoding.UTF8.GetByteCount(startLine) + LineEnd.Length;
        foreach (var header in message.Headers)
        {
            if (!IsContentLength(header))
            {
                total += Encoding.UTF8.GetByteCount(header.Name) + 2 + Encoding.UTF8.GetByteCount(header.Value) + LineEnd.Length;
            }
        }

        total += contentLength.Length + (2 * LineEnd.Length) + message.Body.Length;

        var output = new byte[total];
        var position = WriteLine(output, 0, startLine);
        foreach (var header in message.Headers)
        {
            if (IsContentLength(header))
            {
                continue;
            }

            position += Encoding.UTF8.GetBytes(header.Name, output.AsSpan(position));
            output[position++] = (byte)':';
            output[position++] = (byte)' ';
            var valueLength = Encoding.UTF8.GetBytes(header.Value, output.AsSpan(position));

            // A stray CR or LF copied from a received value would end the line early and let the value inject headers.
            var value = output.AsSpan(position, valueLength);
            value.Replace((byte)'\r', (byte)' ');
            value.Replace((byte)'\n', (byte)' ');
            position = WriteLineEnd(output, position + valueLength);
        }

        position = WriteLine(output, position, contentLength);
        position = WriteLineEnd(output, position);
        message.Body.CopyTo(output.AsSpan(position));
        return output;
    }

    private static bool IsContentLength(SipHeader header) =>
        header.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    private static int WriteLine(byte[] output, int position, string text)
    {
        position += Encoding.UTF8.GetBytes(text, output.AsSpan(position));
        return WriteLineEnd(output, position);
    }

    private static int WriteLineEnd(byte[] output, int position)
    {
        output[position] = (byte)'\r';
        output[position + 1] = (byte)'\n';
        return position + 2;
    }
}
