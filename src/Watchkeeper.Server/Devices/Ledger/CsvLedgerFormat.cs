using System.Text;
using System.Text.Unicode;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>
/// Reads and writes ledger CSV files: RFC 4180 quoting, UTF-8 (with or without a byte order mark), UTF-16 with a
/// byte order mark, and GBK or GB18030 as Chinese Excel and WPS save them.
/// </summary>
internal static class CsvLedgerFormat
{
    /// <summary>Code page of GB18030, a superset of GBK and GB2312 that covers all of Unicode.</summary>
    private const int Gb18030CodePage = 54936;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16LittleEndianByteOrderMark => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BigEndianByteOrderMark => [0xFE, 0xFF];

    static CsvLedgerFormat() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>UTF-8 with a byte order mark, which Excel needs to open a CSV file with Chinese text correctly.</summary>
    public static Encoding ExportEncoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static LedgerReadOutcome Read(ReadOnlySpan<byte> content, LedgerOptions options)
    {
        var (text, error) = Decode(content);
        if (error is not null)
        {
            return LedgerReadOutcome.Failure(error);
        }

        if (text!.Contains('\0'))
        {
            return LedgerReadOutcome.Failure(LedgerImportError.ForFile("ledger.csv.binary",
                "文件含有二进制数据，不是 CSV 文本文件。", "The file contains binary data; it is not a CSV text file."));
        }

        return Parse(text, options);
    }

    /// <summary>
    /// Decodes the file. A byte order mark decides the encoding when there is one. Otherwise valid UTF-8 is read
    /// as UTF-8 and anything else as GB18030, which also decodes GBK and GB2312 files.
    /// </summary>
    internal static (string? Text, LedgerImportError? Error) Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Utf8ByteOrderMark))
        {
            return DecodeStrict(new UTF8Encoding(false, throwOnInvalidBytes: true), content[3..], "UTF-8");
        }

        if (content.StartsWith(Utf16LittleEndianByteOrderMark))
        {
            return DecodeStrict(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), content[2..], "UTF-16");
        }

        if (content.StartsWith(Utf16BigEndianByteOrderMark))
        {
            return DecodeStrict(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), content[2..], "UTF-16");
        }

        if (Utf8.IsValid(content))
        {
            return (Encoding.UTF8.GetString(content), null);
        }

        var gb18030 = Encoding.GetEncoding(Gb18030CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return DecodeStrict(gb18030, content, "GB18030");
    }

    private static (string? Text, LedgerImportError? Error) DecodeStrict(Encoding encoding, ReadOnlySpan<byte> content, string name)
    {
        try
        {
            return (encoding.GetString(content), null);
        }
        catch (DecoderFallbackException exception)
        {
            return (null, LedgerImportError.ForFile("ledger.csv.encoding",
                $"无法识别文件编码：文件既不是有效的 UTF-8，也不是 GBK/GB18030（按 {name} 解码在第 {exception.Index} 字节附近失败）。请在 Excel 中另存为“CSV UTF-8”。",
                $"The file encoding is not recognized: it is neither valid UTF-8 nor GBK/GB18030 (decoding as {name} failed near byte {exception.Index}). Save it from Excel as 'CSV UTF-8'."));
        }
    }

    /// <summary>Splits RFC 4180 text into records. A quoted field may contain commas, doubled quotes and line breaks.</summary>
    internal static LedgerReadOutcome Parse(string text, LedgerOptions options)
    {
        var records = new LedgerRecords(options);
        var fields = new List<string?>();
        var field = new StringBuilder();
        var recordNumber = 1;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                var closing = ReadQuoted(text, i + 1, field);
                if (closing < 0)
                {
                    return LedgerReadOutcome.Failure(LedgerImportError.ForCell(recordNumber, null, "ledger.csv.unterminated_quote",
                        $"第 {recordNumber} 行的引号没有闭合，文件其余部分无法读取。",
                        $"A quote opened in row {recordNumber} is never closed, so the rest of the file cannot be read."));
                }

                i = closing + 1;
            }

            // Text after a closing quote, or a quote inside an unquoted field, is kept as written (lenient, as Excel is).
            while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
            {
                field.Append(text[i]);
                i++;
            }

            fields.Add(field.ToString());
            field.Clear();
            var endOfRecord = true;
            if (i < text.Length && text[i] == ',')
            {
                i++;
                endOfRecord = i == text.Length;
                if (endOfRecord)
                {
                    fields.Add("");
                }
            }

            if (!endOfRecord)
            {
                continue;
            }

            i = SkipLineBreak(text, i);
            if (!records.TryAdd(fields))
            {
                return LedgerReadOutcome.TooManyRows(options);
            }

            fields = [];
            recordNumber++;
        }

        return records.ToOutcome();
    }

    /// <summary>Appends a quoted field's text and returns the index of its closing quote, or -1 when it never closes.</summary>
    private static int ReadQuoted(string text, int start, StringBuilder field)
    {
        var i = start;
        while (true)
        {
            var quote = text.IndexOf('"', i);
            if (quote < 0)
            {
                return -1;
            }

            field.Append(text, i, quote - i);
            if (quote + 1 < text.Length && text[quote + 1] == '"')
            {
                field.Append('"');
                i = quote + 2;
                continue;
            }

            return quote;
        }
    }

    private static int SkipLineBreak(string text, int i)
    {
        if (i < text.Length && text[i] == '\r')
        {
            i++;
        }

        if (i < text.Length && text[i] == '\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>Writes one record, quoting fields that hold a comma, a quote, a line break or edge spaces.</summary>
    public static void WriteRecord(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            if (string.IsNullOrEmpty(field))
            {
                continue;
            }

            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]))
            {
                writer.Write('"');
                writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(field);
            }
        }

        writer.Write("\r\n");
    }
}
