using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Sip;

/// <summary>The errors and diagnostics of SIP parsing and framing, with stable codes and bilingual messages.</summary>
public static class SipErrors
{
    public const string EmptyCode = "sip.message.empty";
    public const string TruncatedCode = "sip.message.truncated";
    public const string StartLineInvalidCode = "sip.start-line.invalid";
    public const string RequestUriInvalidCode = "sip.request-uri.invalid";
    public const string HeaderMissingCode = "sip.header.missing";
    public const string HeaderInvalidCode = "sip.header.invalid";
    public const string TooManyHeadersCode = "sip.header.too-many";
    public const string HeaderWithoutColonCode = "sip.header.no-colon";
    public const string HeadersNotTerminatedCode = "sip.header.unterminated";
    public const string ContentLengthInvalidCode = "sip.content-length.invalid";
    public const string ContentLengthExceedsBodyCode = "sip.content-length.exceeds-body";
    public const string ContentLengthBelowBodyCode = "sip.content-length.below-body";
    public const string CSeqMethodMismatchCode = "sip.cseq.method-mismatch";
    public const string HeaderTooLargeCode = "sip.stream.header-too-large";
    public const string BodyTooLargeCode = "sip.stream.body-too-large";
    public const string IdleTimeoutCode = "sip.stream.idle-timeout";
    public const string ReadTimeoutCode = "sip.stream.read-timeout";
    public const string StreamEndedCode = "sip.stream.ended-mid-message";

    public static Error Empty() => Error.Validation(EmptyCode, Bilingual.Join(
        "SIP 报文为空（只有空行或没有字节）",
        "the SIP message is empty (no bytes, or only line ends)"));

    public static Error Truncated(int length) => Error.Validation(TruncatedCode, Bilingual.Join(
        $"SIP 报文不完整：{length} 字节内没有结束头部的空行",
        $"the SIP message is truncated: no empty line ends its headers within {length} bytes"));

    public static Error StartLineInvalid(string line) => Error.Validation(StartLineInvalidCode, Bilingual.Join(
        $"SIP 起始行无效：“{line}”",
        $"the SIP start line is invalid: '{line}'; expected 'METHOD sip:uri SIP/2.0' or 'SIP/2.0 200 OK'"));

    public static Error RequestUriInvalid(string uri) => Error.Validation(RequestUriInvalidCode, Bilingual.Join(
        $"Request-URI 无效：“{uri}”",
        $"the Request-URI '{uri}' is not a valid sip: or sips: URI"), "Request-URI");

    public static Error HeaderMissing(string name) => Error.Validation(HeaderMissingCode, Bilingual.Join(
        $"缺少必需的头字段 {name}",
        $"the required header {name} is missing"), name);

    public static Error HeaderInvalid(string name, string value) => Error.Validation(HeaderInvalidCode, Bilingual.Join(
        $"头字段 {name} 的值无效：“{value}”",
        $"the {name} header value '{value}' is invalid"), name);

    public static Error TooManyHeaders(int limit) => Error.Validation(TooManyHeadersCode, Bilingual.Join(
        $"SIP 报文的头字段超过 {limit} 行",
        $"the SIP message has more than {limit} header lines"));

    public static Error HeaderWithoutColon(string line) => Error.Validation(HeaderWithoutColonCode, Bilingual.Join(
        $"已跳过没有冒号的头部行：“{line}”",
        $"skipped a header line without a colon: '{line}'"));

    public static Error HeadersNotTerminated() => Error.Validation(HeadersNotTerminatedCode, Bilingual.Join(
        "报文在头部后没有空行，已按无消息体处理",
        "the message has no empty line after its headers; read it as having no body"));

    public static Error ContentLengthInvalid(string value) => Error.Validation(ContentLengthInvalidCode, Bilingual.Join(
        $"Content-Length 的值无效：“{value}”",
        $"the Content-Length value '{value}' is invalid"), "Content-Length");

    public static Error ContentLengthExceedsBody(long declared, int present) => Error.Validation(ContentLengthExceedsBodyCode, Bilingual.Join(
        $"Content-Length 为 {declared}，但只收到 {present} 字节的消息体，已使用收到的字节",
        $"Content-Length is {declared} but only {present} body bytes arrived; used the bytes present"), "Content-Length");

    public static Error ContentLengthBelowBody(long declared, int present) => Error.Validation(ContentLengthBelowBodyCode, Bilingual.Join(
        $"Content-Length 为 {declared}，数据报中有 {present} 字节，多余的字节已忽略",
        $"Content-Length is {declared} but the datagram holds {present} body bytes; ignored the rest"), "Content-Length");

    public static Error CSeqMethodMismatch(string method, string cseqMethod) => Error.Validation(CSeqMethodMismatchCode, Bilingual.Join(
        $"CSeq 的方法 {cseqMethod} 与请求方法 {method} 不一致",
        $"the CSeq method {cseqMethod} differs from the request method {method}"), "CSeq");

    public static Error HeaderTooLarge(int limit) => Error.Validation(HeaderTooLargeCode, Bilingual.Join(
        $"SIP 报文头部超过 {Kilobytes(limit)} KB 仍未结束，连接已断开",
        $"the SIP headers exceed {Kilobytes(limit)} KB without ending; the connection is closed"));

    public static Error BodyTooLarge(long declared, int limit) => Error.Validation(BodyTooLargeCode, Bilingual.Join(
        $"Content-Length {declared} 超过上限 {limit} 字节，连接已断开",
        $"Content-Length {declared} exceeds the limit of {limit} bytes; the connection is closed"), "Content-Length");

    public static Error IdleTimeout(TimeSpan timeout) => Error.Validation(IdleTimeoutCode, Bilingual.Join(
        $"连接空闲超过 {Seconds(timeout)} 秒，没有收到新报文",
        $"no new message arrived within the idle timeout of {Seconds(timeout)} s"));

    public static Error ReadTimeout(TimeSpan timeout, int received) => Error.Validation(ReadTimeoutCode, Bilingual.Join(
        $"报文收到 {received} 字节后对端停止发送超过 {Seconds(timeout)} 秒",
        $"the peer stopped sending for more than {Seconds(timeout)} s after {received} bytes of a message"));

    public static Error StreamEnded(int received) => Error.Validation(StreamEndedCode, Bilingual.Join(
        $"连接在报文中途关闭（已收到 {received} 字节）",
        $"the connection closed in the middle of a message after {received} bytes"));

    private static string Kilobytes(int bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
