using Microsoft.AspNetCore.Components.Forms;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Attachments;

namespace Watchkeeper.Server.Tickets;

/// <summary>Turns files picked in the portal into uploads for <see cref="TicketAttachmentService"/>.</summary>
public static class PortalUploads
{
    /// <summary>The accept attribute of the portal's file pickers: the allowlist's extensions.</summary>
    public static string Accept => string.Join(",", AttachmentTypes.Tickets.Extensions);

    /// <summary>
    /// Returns the uploads, or an error for the first file over the size limit. A browser stream throws when the file is
    /// larger than the size it is opened with, so the sizes are checked here first and each stream allows one byte more.
    /// </summary>
    public static Result<IReadOnlyList<AttachmentUpload>> From(IReadOnlyList<IBrowserFile> files, TicketAttachmentOptions limits)
    {
        if (files.FirstOrDefault(f => f.Size > limits.MaxFileBytes) is { } tooLarge)
        {
            return TicketAttachmentErrors.Upload.FileTooLarge(tooLarge.Name, limits.MaxFileBytes);
        }

        return files.Select(f => new AttachmentUpload(f.Name, () => f.OpenReadStream(limits.MaxFileBytes + 1))).ToList();
    }
}
