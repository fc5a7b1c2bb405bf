using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// The reasons a camera delivers no frame, as error codes with messages in Chinese and English that name the URL
/// (without credentials) and what to do. The diagnosis reports them as "no frame", never as a picture fault.
/// </summary>
public static class FrameErrors
{
    public const string Timeout = "diagnosis.frame.timeout";
    public const string AuthenticationFailed = "diagnosis.frame.authentication_failed";
    public const string ConnectionRefused = "diagnosis.frame.connection_refused";
    public const string Unreachable = "diagnosis.frame.unreachable";
    public const string StreamNotFound = "diagnosis.frame.stream_not_found";
    public const string NoVideoStream = "diagnosis.frame.no_video_stream";
    public const string UnsupportedTransport = "diagnosis.frame.unsupported_transport";
    public const string ProtocolError = "diagnosis.frame.protocol_error";
    public const string NotAnImage = "diagnosis.frame.not_an_image";
    public const string TooLarge = "diagnosis.frame.too_large";
    public const string HttpStatus = "diagnosis.frame.http_status";
    public const string FfmpegMissing = "diagnosis.frame.ffmpeg_missing";
    public const string NoSource = "diagnosis.frame.no_source";
    public const string InvalidRequest = "diagnosis.frame.invalid_request";
    public const string Failed = "diagnosis.frame.failed";

    internal static Error TimedOut(string url, TimeSpan timeout, string stage) => Make(
        Timeout,
        $"{url} 在 {Seconds(timeout)} 秒内没有送来画面（{StageZh(stage)}）：请检查摄像机是否在线、码流是否在发送",
        $"{url} delivered no frame within {Seconds(timeout)} s ({stage}): check that the camera is online and sending its stream");

    internal static Error Authentication(string url) => Make(
        AuthenticationFailed,
        $"{url} 拒绝了台账中的用户名和密码（401）：请核对设备台账里的账号密码",
        $"{url} rejected the ledger's user name and password (401): check the credentials in the device ledger");

    internal static Error Refused(string url) => Make(
        ConnectionRefused,
        $"{url} 拒绝连接：请检查设备是否通电、端口是否正确、服务是否开启",
        $"{url} refused the connection: check that the device is powered, the port is right and the service is enabled");

    internal static Error NotReachable(string url, string detail) => Make(
        Unreachable,
        $"{url} 无法访问（{detail}）：请检查网络和设备地址",
        $"{url} is unreachable ({detail}): check the network and the device address");

    internal static Error NotFound(string url, string status) => Make(
        StreamNotFound,
        $"{url} 上没有这个码流或图片（{status}）：请核对台账中的地址路径",
        $"{url} has no such stream or picture ({status}): check the path in the device ledger");

    internal static Error NoVideo(string url) => Make(
        NoVideoStream,
        $"{url} 的码流里没有视频轨道：请检查设备的编码设置",
        $"{url} carries no video track: check the device's encoder settings");

    internal static Error Transport(string url) => Make(
        UnsupportedTransport,
        $"{url} 不支持 RTP over TCP（461）：请在设备上开启 TCP 传输",
        $"{url} does not offer RTP over TCP (461): enable TCP transport on the device");

    internal static Error Protocol(string url, string detail) => Make(
        ProtocolError,
        $"{url} 的应答不是可用的 RTSP 或 HTTP（{detail}）：请核对端口和协议",
        $"{url} did not respond with usable RTSP or HTTP ({detail}): check the port and the protocol");

    internal static Error NotImage(string url, string detail) => Make(
        NotAnImage,
        $"{url} 返回的不是图片（{detail}）：请核对抓图地址",
        $"{url} returned no picture ({detail}): check the snapshot URL");

    internal static Error Oversized(string url, int maxBytes, string option) => Make(
        TooLarge,
        $"{url} 的画面超过 {maxBytes} 字节的上限：请降低分辨率或调高 Diagnosis:Frames:{option}",
        $"{url} sent a frame larger than the {maxBytes}-byte limit: lower the resolution or raise Diagnosis:Frames:{option}");

    internal static Error Status(string url, string status) => Make(
        HttpStatus,
        $"{url} 应答 {status}：请检查设备上的抓图功能和账号权限",
        $"{url} responded {status}: check the device's snapshot service and the account's rights");

    internal static Error Missing(string path) => Make(
        FfmpegMissing,
        $"找不到 ffmpeg（{path}）：请安装 Debian 软件包 ffmpeg（apt-get install ffmpeg），或设置 Diagnosis:Frames:FfmpegPath",
        $"ffmpeg was not found ({path}): install the Debian package ffmpeg (apt-get install ffmpeg) or set Diagnosis:Frames:FfmpegPath");

    internal static Error NoUrl(long deviceId) => Make(
        NoSource,
        $"设备 {deviceId} 既没有 RTSP 地址也没有抓图地址：请在台账中填写，或开启 ONVIF 以便自动发现",
        $"device {deviceId} has neither an RTSP URL nor a snapshot URL: fill one in the ledger, or enable ONVIF so that they are discovered");

    internal static Error Invalid(string detail) => Make(
        InvalidRequest,
        $"取帧请求无效：{detail}",
        $"invalid frame request: {detail}");

    internal static Error Other(string url, string detail) => Make(
        Failed,
        $"从 {url} 取帧失败：{detail}",
        $"grabbing a frame from {url} failed: {detail}");

    private static Error Make(string code, string chinese, string english) => new(code, Bilingual.Join(chinese, english));

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string StageZh(string stage) => stage switch
    {
        FrameStages.Connecting => "TCP 连接未能建立",
        FrameStages.Negotiating => "已连接但没有 RTSP 应答",
        FrameStages.Snapshot => "没有完整的 HTTP 应答",
        FrameStages.Streaming => "已建立码流但没有收到画面",
        _ => stage,
    };
}

/// <summary>How far a grab got before it timed out, for messages.</summary>
internal static class FrameStages
{
    public const string Connecting = "the TCP connection did not open";
    public const string Negotiating = "connected, but no RTSP answer came";
    public const string Snapshot = "no complete HTTP response";
    public const string Streaming = "the stream was set up but sent no picture";
}
