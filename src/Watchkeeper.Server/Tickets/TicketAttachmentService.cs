using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tickets;

/// <summary>One file of an upload, as the endpoint or the portal received it.</summary>
public sealed record TicketAttachmentUpload(string FileName, Func<Stream> OpenReadStream);

public sealed record TicketAttachmentView(long Id, string FileName, string ContentType, long SizeBytes, string? UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// Stores, lists and opens ticket attachments in the caller's organization scope. Each upload is checked against the
/// type allowlist and the size limits, written to a temporary file, saved with a log entry on the ticket, and only
/// then moved into place.
/// </summary>
public sealed partial class TicketAttachmentService(
    WatchkeeperDbContext db,
    TicketAttachmentStore store,
    IOptions<TicketAttachmentOptions> options,
    TimeProvider time,
    ILogger<TicketAttachmentService> logger)
{
    private const int MaxAttempts = 3;

    public async Task<Result<IReadOnlyList<TicketAttachmentView>>> UploadAsync(long ticketId, IReadOnlyList<TicketAttachmentUpload> files,
        UserAccess caller, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (files.Count == 0)
        {
            return TicketAttachmentErrors.NoFiles();
        }

        if (files.Count > limits.MaxFilesPerUpload)
        {
            return TicketAttachmentErrors.TooManyFiles(files.Count, limits.MaxFilesPerUpload);
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

        var received = new List<ReceivedFile>();
        try
        {
            var errors = new List<Error>();
            foreach (var file in files)
            {
                var checkedFile = await ReceiveAsync(file, limits, cancellationToken);
                if (checkedFile.IsSuccess)
                {
                    received.Add(checkedFile.Value);
                }
                else
                {
                    errors.AddRange(checkedFile.Errors);
                }
            }

            if (errors.Count > 0)
            {
                return Result<IReadOnlyList<TicketAttachmentView>>.Failure(errors);
            }

            return await SaveAsync(ticketId, received, caller, limits, cancellationToken);
        }
        finally
        {
            foreach (var file in received.Where(f => File.Exists(f.IncomingPath)))
            {
                TicketAttachmentStore.DeleteQuietly(file.IncomingPath);
            }
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
        var path = store.PathOf(ticketId, attachmentId);
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

    /// <summary>Copies one file to a temporary file while counting and hashing it, then checks its type, size and content.</summary>
    private async Task<Result<ReceivedFile>> ReceiveAsync(TicketAttachmentUpload file, TicketAttachmentOptions limits, CancellationToken cancellationToken)
    {
        var displayName = TicketAttachmentTypes.DisplayName(file.FileName);
        var storedName = TicketAttachmentTypes.SanitizeFileName(file.FileName);
        if (TicketAttachmentTypes.ContentTypeOf(storedName) is not { } contentType)
        {
            return TicketAttachmentErrors.TypeNotAllowed(displayName);
        }

        var incoming = store.CreateIncoming();
        var head = new byte[TicketAttachmentTypes.SniffBytes];
        var headLength = 0;
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        await using (var source = file.OpenReadStream())
        await using (var target = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, buffer.Length, useAsync: true))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > limits.MaxFileBytes)
                {
                    break;
                }

                if (headLength < head.Length)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var received = new ReceivedFile(incoming, displayName, storedName, contentType, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        Error? error = size switch
        {
            0 => TicketAttachmentErrors.Empty(displayName),
            _ when size > limits.MaxFileBytes => TicketAttachmentErrors.FileTooLarge(displayName, limits.MaxFileBytes),
            _ when !TicketAttachmentTypes.ContentMatches(storedName, head.AsSpan(0, headLength)) => TicketAttachmentErrors.ContentMismatch(displayName),
            _ => null,
        };
        if (error is not null)
        {
            TicketAttachmentStore.DeleteQuietly(incoming);
            return error;
        }

        return received;
    }

    /// <summary>
    /// Saves the rows and the ticket's log entries in one transaction, moves the files into place before it commits,
    /// and tries again on a reloaded ticket after a concurrent change.
    /// </summary>
    private async Task<Result<IReadOnlyList<TicketAttachmentView>>> SaveAsync(long ticketId, List<ReceivedFile> files, UserAccess caller,
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

            var placed = new List<string>();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.TicketAttachments.AddRange(rows);
                TicketVersion.Increment(db, ticket);
                await db.SaveChangesAsync(cancellationToken);
                for (var i = 0; i < rows.Count; i++)
                {
                    placed.Add(store.MoveIntoPlace(files[i].IncomingPath, ticketId, rows[i].Id));
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException exception) when (attempt < MaxAttempts)
            {
                LogConcurrentChange(exception, ticketId, attempt);
                db.ChangeTracker.Clear();
                continue;
            }
            catch (Exception)
            {
                // The rows were rolled back, so the moved files belong to nothing.
                placed.ForEach(TicketAttachmentStore.DeleteQuietly);
                throw;
            }

            foreach (var row in rows)
            {
                LogStored(ticketId, row.Id, row.StoredName, row.SizeBytes, caller.UserName);
            }

            return rows.Select(a => new TicketAttachmentView(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.UploadedBy, a.UploadedAt)).ToList();
        }
    }

    private sealed record ReceivedFile(string IncomingPath, string DisplayName, string StoredName, string ContentType, long SizeBytes, string Sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: attachment {AttachmentId} {FileName} ({SizeBytes} bytes) stored for {Actor}")]
    private partial void LogStored(long ticketId, long attachmentId, string fileName, long sizeBytes, string? actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} changed while its attachments were saved (attempt {Attempt}); reloading it and trying again")]
    private partial void LogConcurrentChange(Exception exception, long ticketId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ticket {TicketId}: the file of attachment {AttachmentId} is missing at {Path}")]
    private partial void LogFileMissing(long ticketId, long attachmentId, string path);
}
