using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Tickets;

/// <summary>The expected failures of ticket attachments. Each names the file and the limit it broke.</summary>
public static class TicketAttachmentErrors
{
    public static Error NotFound(long ticketId, long attachmentId) => Error.NotFound("ticket.attachment.not_found", Bilingual.Join(
        $"工单 {ticketId} 没有附件 {attachmentId}。", $"Ticket {ticketId} has no attachment {attachmentId}."));

    public static Error NoFiles() => Error.Validation("ticket.attachment.missing", Bilingual.Join(
        "请求中没有文件，请以 multipart/form-data 上传一个或多个文件（字段名 files）。",
        "The request has no file; upload one or more files as multipart/form-data in the field 'files'."), "files");

    public static Error FormInvalid(string reason) => Error.Validation("ticket.attachment.form", Bilingual.Join(
        $"无法读取上传的表单：{reason}", $"The uploaded form cannot be read: {reason}"), "files");

    public static Error RequestTooLarge(long maxBytes) => new("ticket.attachment.request_too_large", Bilingual.Join(
        $"一次上传的文件总量超过上限 {Size(maxBytes)}，请分批上传。", $"One upload takes at most {Size(maxBytes)} in all; upload the files in batches."),
        ErrorKind.TooLarge, "files");

    public static Error TooManyFiles(int count, int max) => Error.Validation("ticket.attachment.too_many", Bilingual.Join(
        $"一次最多上传 {max} 个文件，收到 {count} 个，请分批上传。", $"One upload takes at most {max} files; got {count}. Upload them in batches."), "files");

    public static Error Empty(string fileName) => Error.Validation("ticket.attachment.empty", Bilingual.Join(
        $"文件“{fileName}”是空的，请选择有内容的文件。", $"File '{fileName}' is empty; choose a file with content."), "files");

    public static Error FileTooLarge(string fileName, long maxBytes) => new("ticket.attachment.file_too_large", Bilingual.Join(
        $"文件“{fileName}”超过单个文件上限 {Size(maxBytes)}，请压缩或拆分后再上传。",
        $"File '{fileName}' is larger than the limit of {Size(maxBytes)} per file; compress or split it and upload again."), ErrorKind.TooLarge, "files");

    public static Error TicketTooLarge(string fileName, long usedBytes, long maxBytes) => new("ticket.attachment.ticket_too_large", Bilingual.Join(
        $"上传“{fileName}”后，本工单附件总量将超过上限 {Size(maxBytes)}（已用 {Size(usedBytes)}），请删减后再上传。",
        $"With '{fileName}' the ticket's attachments would exceed the limit of {Size(maxBytes)} per ticket ({Size(usedBytes)} used); upload less."),
        ErrorKind.TooLarge, "files");

    public static Error TypeNotAllowed(string fileName) => Error.Validation("ticket.attachment.type", Bilingual.Join(
        $"不接受文件“{fileName}”的类型，可上传：{string.Join(" ", TicketAttachmentTypes.Extensions)}。",
        $"The type of file '{fileName}' is not accepted; upload one of {string.Join(" ", TicketAttachmentTypes.Extensions)}."), "files");

    public static Error ContentMismatch(string fileName) => Error.Validation("ticket.attachment.content", Bilingual.Join(
        $"文件“{fileName}”的内容与其扩展名 {Path.GetExtension(fileName)} 不符，请上传真实的该类型文件。",
        $"The content of file '{fileName}' does not match its extension {Path.GetExtension(fileName)}; upload a real file of that type."), "files");

    public static Error UploadForbidden(long ticketId) => new("ticket.attachment.forbidden", Bilingual.Join(
        $"您不能向工单 {ticketId} 上传附件：需要工单编辑权限（tickets.edit），或是该工单的报修人。",
        $"You may not upload attachments to ticket {ticketId}: it needs tickets.edit, or being the ticket's requester."), ErrorKind.Forbidden);

    /// <summary>Formats a byte count in MiB (or KiB below one MiB) for messages.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MiB"
        : $"{bytes / 1024.0:0.#} KiB";
}
