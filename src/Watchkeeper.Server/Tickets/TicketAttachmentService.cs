using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Attachments;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tickets;

public sealed record TicketAttachmentView(long Id, string FileName, string ContentType, long SizeBytes, string? UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// Stores, lists and opens ticket attachments in the caller's organization scope. Each upload is checked against the
/// type allowlist and the size limits, written to a temporary file, saved with a log entry on the ticket, and only
/// then moved into place.
/// </summary>
public sealed partial class TicketAttachmentService(
    WatchkeeperDbContext db,
    AttachmentStore store,
    IOptions<TicketAttachmentOptions> options,
    TimeProvider time,
    ILogger<TicketAttachmentService> logger)
{
    private const int MaxAttempts = 3;

    /// <summary>The folder of ticket files in the attachment store.</summary>
    private const string Owner = "tickets";

    public async Task<Result<IReadOnlyList<TicketAttachmentView>>> UploadAsync(long ticketId, IReadOnlyList<AttachmentUpload> files,
        UserAccess caller, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (files.Count == 0)
        {
            return TicketAttachmentErrors.Upload.NoFiles();
        }

        if (files.Count > limits.MaxFilesPerUpload)
        {
            return TicketAttachmentErrors.Upload.TooManyFiles(files.Count, limits.MaxFilesPerUpload);
        }

        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            return TicketApiErrors.NotFound(ticketId);
        }

        if (!TicketService.MayContribute(ticket, caller))
        {
            return TicketAttachmentErrors.UploadForbidden(ticketId);
        }

        var received = await AttachmentReceiver.ReceiveAllAsync(files, store, AttachmentTypes.Tickets, TicketAttachmentErrors.Upload, limits.MaxFileBytes,
            cancellationToken);
        if (!received.IsSuccess)
        {
            return Result<IReadOnlyList<TicketAttachmentView>>.Failure(received.Errors);
        }

        try
        {
            return await SaveAsync(ticketId, received.Value, caller, limits, cancellationToken);
        }
        finally
        {
            AttachmentReceiver.DeleteIncoming(received.Value);
        }
    }

    /// <summary>Returns the ticket's attachments, oldest first, or null when the ticket is not in the caller's scope.</summary>
    public async Task<IReadOnlyList<TicketAttachmentView>?> ListAsync(long ticketId, CancellationToken cancellationToken)
    {
        if (!await db.Tickets.AnyAsync(t => t.Id == ticketId, cancellationToken))
        {
            return null;
        }

        return await db.TicketAttachments.AsNoTracking().Where(a => a.TicketId == ticketId).OrderBy(a => a.Id)
            .Select(a => new TicketAttachmentView(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.UploadedBy, a.UploadedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Opens an attachment's content for reading. The caller disposes the stream.</summary>
    public async Task<Result<(TicketAttachment Attachment, Stream Content)>> OpenAsync(long ticketId, long attachmentId, CancellationToken cancellationToken)
    {
        if (!await db.Tickets.AnyAsync(t => t.Id == ticketId, cancellationToken))
        {
            return TicketApiErrors.NotFound(ticketId);
        }

        var attachment = await db.TicketAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.TicketId == ticketId, cancellationToken);
        var path = store.PathOf(Owner, ticketId, attachmentId);
        if (attachment is null)
        {
            return TicketAttachmentErrors.NotFound(ticketId, attachmentId);
        }

        if (!File.Exists(path))
        {
            LogFileMissing(ticketId, attachmentId, path);
            return TicketAttachmentErrors.NotFound(ticketId, attachmentId);
        }

        return (attachment, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true));
    }

    /// <summary>
    /// Saves the rows and the ticket's log entries in one transaction, moves the files into place before it commits,
    /// and tries again on a reloaded ticket after a concurrent change.
    /// </summary>
    private async Task<Result<IReadOnlyList<TicketAttachmentView>>> SaveAsync(long ticketId, IReadOnlyList<ReceivedAttachment> files, UserAccess caller,
        TicketAttachmentOptions limits, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
            if (ticket is null)
            {
                return TicketApiErrors.NotFound(ticketId);
            }

            var used = await db.TicketAttachments.Where(a => a.TicketId == ticketId).SumAsync(a => (long?)a.SizeBytes, cancellationToken) ?? 0;
            var total = used;
            foreach (var file in files)
            {
                total += file.SizeBytes;
                if (total > limits.MaxTicketBytes)
                {
                    return TicketAttachmentErrors.TicketTooLarge(file.DisplayName, used, limits.MaxTicketBytes);
                }
            }

            var now = time.GetUtcNow();
            var rows = files.Select(f => new TicketAttachment
            {
                TicketId = ticketId,
                FileName = f.DisplayName,
                StoredName = f.StoredName,
                ContentType = f.ContentType,
                SizeBytes = f.SizeBytes,
                Sha256 = f.Sha256,
                UploadedByUserId = caller.UserId,
                UploadedBy = caller.UserName,
                UploadedAt = now,
            }).ToList();
            foreach (var file in files)
            {
                ticket.RecordAttachment(file.DisplayName, file.SizeBytes, caller.UserName, now);
            }

            try
            {
                db.TicketAttachments.AddRange(rows);
                TicketVersion.Increment(db, ticket);
                await store.SaveAndPlaceAsync(db, Owner, ticketId, files, () => [.. rows.Select(r => r.Id)], cancellationToken);
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogConcurrentChange(exception, ticketId, attempt);
                db.ChangeTracker.Clear();
                continue;
            }

            foreach (var row in rows)
            {
                LogStored(ticketId, row.Id, row.StoredName, row.SizeBytes, caller.UserName);
            }

            return rows.Select(a => new TicketAttachmentView(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.UploadedBy, a.UploadedAt)).ToList();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: attachment {AttachmentId} {FileName} ({SizeBytes} bytes) stored for {Actor}")]
    private partial void LogStored(long ticketId, long attachmentId, string fileName, long sizeBytes, string? actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} changed while its attachments were saved (attempt {Attempt}); reloading it and trying again")]
    private partial void LogConcurrentChange(Exception exception, long ticketId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ticket {TicketId}: the file of attachment {AttachmentId} is missing at {Path}")]
    private partial void LogFileMissing(long ticketId, long attachmentId, string path);
}
