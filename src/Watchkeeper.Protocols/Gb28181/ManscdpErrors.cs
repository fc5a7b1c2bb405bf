using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>Expected failures of MANSCDP bodies, Simplified Chinese first with English beside it.</summary>
public static class ManscdpErrors
{
    public const string EmptyBodyCode = "manscdp.body.empty";
    public const string TooLargeCode = "manscdp.body.too_large";
    public const string InvalidXmlCode = "manscdp.xml.invalid";
    public const string InvalidBytesCode = "manscdp.body.invalid_bytes";
    public const string UnknownRootCode = "manscdp.root.unknown";
    public const string MissingFieldCode = "manscdp.field.missing";
    public const string InvalidFieldCode = "manscdp.field.invalid";
    public const string TooManyItemsCode = "manscdp.items.too_many";

    internal static Error EmptyBody() => Error.Validation(
        EmptyBodyCode,
        Bilingual.Join("MANSCDP 消息体为空", "MANSCDP body is empty"));

    internal static Error BodyTooLarge(int length, int limit) => Error.Validation(
        TooLargeCode,
        Bilingual.Join(
            $"MANSCDP 消息体有 {length} 字节，超过上限 {limit} 字节",
            $"MANSCDP body of {length} bytes exceeds the limit of {limit} bytes"));

    internal static Error InvalidXml(string? deviceId, long byteOffset, int line, int column, string reason) => Error.Validation(
        InvalidXmlCode,
        Bilingual.Join(
            $"{DeviceZh(deviceId)}的 MANSCDP 消息体不是有效的 XML：第 {byteOffset} 字节（第 {line} 行第 {column} 列）",
            $"MANSCDP body from {DeviceEn(deviceId)} is not valid XML at byte {byteOffset} (line {line}, column {column}): {reason}"));

    internal static Error InvalidBytes(string? deviceId, string field, long byteOffset) => Error.Validation(
        InvalidBytesCode,
        Bilingual.Join(
            $"{DeviceZh(deviceId)}的 MANSCDP 消息体在字段 {field} 的第 {byteOffset} 字节处含有无法解码的字节",
            $"MANSCDP body from {DeviceEn(deviceId)} has undecodable bytes in field {field} at byte {byteOffset}"),
        field);

    internal static Error UnknownRoot(string? deviceId, string root) => Error.Validation(
        UnknownRootCode,
        Bilingual.Join(
            $"{DeviceZh(deviceId)}的 MANSCDP 根元素 {root} 无效，应为 Notify、Response、Query 或 Control",
            $"MANSCDP root element {root} from {DeviceEn(deviceId)} is invalid; expected Notify, Response, Query or Control"));

    internal static Error MissingField(string? deviceId, string field) => Error.Validation(
        MissingFieldCode,
        Bilingual.Join(
            $"{DeviceZh(deviceId)}的 MANSCDP 消息缺少必填字段 {field}",
            $"MANSCDP message from {DeviceEn(deviceId)} is missing the required field {field}"),
        field);

    internal static Error InvalidField(string? deviceId, string field, string value) => Error.Validation(
        InvalidFieldCode,
        Bilingual.Join(
            $"{DeviceZh(deviceId)}的 MANSCDP 字段 {field} 的值“{value}”无效",
            $"MANSCDP field {field} from {DeviceEn(deviceId)} has the invalid value \"{value}\""),
        field);

    internal static Error TooManyItems(string? deviceId, int count, int limit) => Error.Validation(
        TooManyItemsCode,
        Bilingual.Join(
            $"{DeviceZh(deviceId)}的 MANSCDP 消息有 {count} 个条目，超过上限 {limit}",
            $"MANSCDP message from {DeviceEn(deviceId)} has {count} items, above the limit of {limit}"));

    private static string DeviceZh(string? deviceId) => deviceId is null ? "未知设备" : $"设备 {deviceId} ";

    private static string DeviceEn(string? deviceId) => deviceId is null ? "an unknown device" : $"device {deviceId}";
}
