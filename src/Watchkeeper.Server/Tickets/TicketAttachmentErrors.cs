using Watchkeeper.Core.Results;
using Watchkeeper.Server.Attachments;

namespace Watchkeeper.Server.Tickets;

/// <summary>The expected failures of ticket attachments. Each names the file and the limit it broke.</summary>
public static class TicketAttachmentErrors
{
    public static Error NotFound(long ticketId, long attachmentId) => Error.NotFound("ticket.attachment.not_found", Bilingual.Join(
        $"工单 {ticketId} 没有附件 {attachmentId}。", $"Ticket {ticketId} has no attachment {attachmentId}."));

    /// <summary>The upload failures that tickets share with every use of attachments.</summary>
    public static AttachmentErrors Upload { get; } = new("ticket.attachment", AttachmentTypes.Tickets);

    public static Error TicketTooLarge(string fileName, long usedBytes, long maxBytes) => new("ticket.attachment.ticket_too_large", Bilingual.Join(
        $"上传“{fileName}”后，本工单附件总量将超过上限 {Size(maxBytes)}（已用 {Size(usedBytes)}），请删减后再上传。",
        $"With '{fileName}' the ticket's attachments would exceed the limit of {Size(maxBytes)} per ticket ({Size(usedBytes)} used); upload less."),
        ErrorKind.TooLarge, "files");

    public static Error UploadForbidden(long ticketId) => new("ticket.attachment.forbidden", Bilingual.Join(
        $"您不能向工单 {ticketId} 上传附件：需要工单编辑权限（tickets.edit），或是该工单的报修人。",
        $"You may not upload attachments to ticket {ticketId}: it needs tickets.edit, or being the ticket's requester."), ErrorKind.Forbidden);

    private static string Size(long bytes) => AttachmentErrors.Size(bytes);
}
