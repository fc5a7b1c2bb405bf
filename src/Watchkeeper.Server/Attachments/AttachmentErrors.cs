using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Attachments;

/// <summary>
/// The expected failures of an upload that every use of attachments shares. Each names the file and the limit it broke;
/// codes start with the use's prefix, such as "ticket.attachment".
/// </summary>
public sealed class AttachmentErrors(string codePrefix, AttachmentTypeSet types)
{
    public Error NoFiles() => Error.Validation($"{codePrefix}.missing", Bilingual.Join(
        "请求中没有文件，请以 multipart/form-data 上传一个或多个文件（字段名 files）。",
        "The request has no file; upload one or more files as multipart/form-data in the field 'files'."), "files");

    public Error FormInvalid(string reason) => Error.Validation($"{codePrefix}.form", Bilingual.Join(
        $"无法读取上传的表单：{reason}", $"The uploaded form cannot be read: {reason}"), "files");

    public Error RequestTooLarge(long maxBytes) => new($"{codePrefix}.request_too_large", Bilingual.Join(
        $"一次上传的文件总量超过上限 {Size(maxBytes)}，请分批上传。", $"One upload takes at most {Size(maxBytes)} in all; upload the files in batches."),
        ErrorKind.TooLarge, "files");

    public Error TooManyFiles(int count, int max) => Error.Validation($"{codePrefix}.too_many", Bilingual.Join(
        $"一次最多上传 {max} 个文件，收到 {count} 个，请分批上传。", $"One upload takes at most {max} files; got {count}. Upload them in batches."), "files");

    public Error Empty(string fileName) => Error.Validation($"{codePrefix}.empty", Bilingual.Join(
        $"文件“{fileName}”是空的，请选择有内容的文件。", $"File '{fileName}' is empty; choose a file with content."), "files");

    public Error FileTooLarge(string fileName, long maxBytes) => new($"{codePrefix}.file_too_large", Bilingual.Join(
        $"文件“{fileName}”超过单个文件上限 {Size(maxBytes)}，请压缩或拆分后再上传。",
        $"File '{fileName}' is larger than the limit of {Size(maxBytes)} per file; compress or split it and upload again."), ErrorKind.TooLarge, "files");

    public Error TypeNotAllowed(string fileName) => Error.Validation($"{codePrefix}.type", Bilingual.Join(
        $"不接受文件“{fileName}”的类型，可上传：{string.Join(" ", types.Extensions)}。",
        $"The type of file '{fileName}' is not accepted; upload one of {string.Join(" ", types.Extensions)}."), "files");

    public Error ContentMismatch(string fileName) => Error.Validation($"{codePrefix}.content", Bilingual.Join(
        $"文件“{fileName}”的内容与其扩展名 {AttachmentTypes.ExtensionOf(fileName)} 不符，请上传真实的该类型文件。",
        $"The content of file '{fileName}' does not match its extension {AttachmentTypes.ExtensionOf(fileName)}; upload a real file of that type."), "files");

    /// <summary>Formats a byte count in MiB (or KiB below one MiB) for messages.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MiB"
        : $"{bytes / 1024.0:0.#} KiB";
}
