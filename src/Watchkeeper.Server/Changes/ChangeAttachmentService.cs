using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Attachments;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

public sealed record ChangeAttachmentView(long Id, ChangeAttachmentKind Kind, string FileName, string ContentType, long SizeBytes, string Sha256,
    bool IsFirmwareImage, string? UploadedBy, DateTimeOffset UploadedAt)
{
    public static ChangeAttachmentView Of(ChangeAttachment a) =>
        new(a.Id, a.Kind, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, a.IsFirmwareImage, a.UploadedBy, a.UploadedAt);
}

/// <summary>
/// Stores, lists and opens a change's attachments in the caller's organization scope: each file is checked against the
/// change allowlist and the limits, saved with an entry on the change's activity log, and only then moved into place.
/// </summary>
public sealed partial class ChangeAttachmentService(
    WatchkeeperDbContext db,
    ChangeService changes,
    AttachmentStore store,
    IOptions<ChangeAttachmentOptions> options,
    TimeProvider time,
    ILogger<ChangeAttachmentService> logger)
{
    /// <summary>The folder of change files in the attachment store.</summary>
    private const string Owner = "changes";

    public async Task<Result<IReadOnlyList<ChangeAttachmentView>>> UploadAsync(long changeId, string? kindText, IReadOnlyList<AttachmentUpload> files,
        UserAccess caller, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var errors = new List<Error>();
        var kind = string.IsNullOrWhiteSpace(kindText) ? ChangeAttachmentKind.Other : ChangeService.ParseEnum<ChangeAttachmentKind>(kindText, "kind", errors);
        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<ChangeAttachmentView>>.Failure(errors);
        }

        if (files.Count == 0)
        {
            return ChangeCatalogErrors.Upload.NoFiles();
        }

        if (files.Count > limits.MaxFilesPerUpload)
        {
            return ChangeCatalogErrors.Upload.TooManyFiles(files.Count, limits.MaxFilesPerUpload);
        }

        if (!await db.ChangeRequests.AnyAsync(c => c.Id == changeId, cancellationToken))
        {
            return ChangeApiErrors.NotFound(changeId);
        }

        var received = await AttachmentReceiver.ReceiveAllAsync(files, store, AttachmentTypes.Changes, ChangeCatalogErrors.Upload, limits.MaxFileBytes,
            cancellationToken);
        if (!received.IsSuccess)
        {
            return Result<IReadOnlyList<ChangeAttachmentView>>.Failure(received.Errors);
        }

        try
        {
            return await SaveAsync(changeId, kind!.Value, received.Value, caller, limits, cancellationToken);
        }
        finally
        {
            AttachmentReceiver.DeleteIncoming(received.Value);
        }
    }

    /// <summary>Returns the change's attachments, oldest first, or null when the change is not in the caller's scope.</summary>
    public async Task<IReadOnlyList<ChangeAttachmentView>?> ListAsync(long changeId, CancellationToken cancellationToken)
    {
        if (!await db.ChangeRequests.AnyAsync(c => c.Id == changeId, cancellationToken))
        {
            return null;
        }

        return [.. (await db.ChangeAttachments.AsNoTracking().Where(a => a.ChangeRequestId == changeId).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .Select(ChangeAttachmentView.Of)];
    }

    /// <summary>Opens an attachment's content for reading. The caller disposes the stream.</summary>
    public async Task<Result<(ChangeAttachment Attachment, Stream Content)>> OpenAsync(long changeId, long attachmentId, CancellationToken cancellationToken)
    {
        if (!await db.ChangeRequests.AnyAsync(c => c.Id == changeId, cancellationToken))
        {
            return ChangeApiErrors.NotFound(changeId);
        }

        var attachment = await db.ChangeAttachments.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == attachmentId && a.ChangeRequestId == changeId, cancellationToken);
        if (attachment is null)
        {
            return ChangeCatalogErrors.AttachmentNotFound(changeId, attachmentId);
        }

        if (store.OpenRead(Owner, changeId, attachmentId) is not { } content)
        {
            LogFileMissing(changeId, attachmentId, store.PathOf(Owner, changeId, attachmentId));
            return ChangeCatalogErrors.AttachmentNotFound(changeId, attachmentId);
        }

        return (attachment, content);
    }

    /// <summary>Saves the rows and the change's log entries in one transaction and moves the files into place before it commits.</summary>
    /// <remarks>When another user changed the change meanwhile, nothing is saved and the caller gets a conflict to retry.</remarks>
    private async Task<Result<IReadOnlyList<ChangeAttachmentView>>> SaveAsync(long changeId, ChangeAttachmentKind kind,
        IReadOnlyList<ReceivedAttachment> files, UserAccess caller, ChangeAttachmentOptions limits, CancellationToken cancellationToken)
    {
        var change = await changes.LoadAsync(changeId, cancellationToken);
        if (change is null)
        {
            return ChangeApiErrors.NotFound(changeId);
        }

        var used = await db.ChangeAttachments.Where(a => a.ChangeRequestId == changeId).SumAsync(a => (long?)a.SizeBytes, cancellationToken) ?? 0;
        var total = used;
        foreach (var file in files)
        {
            total += file.SizeBytes;
            if (total > limits.MaxChangeBytes)
            {
                return ChangeCatalogErrors.ChangeTooLarge(file.DisplayName, used, limits.MaxChangeBytes);
            }
        }

        var now = time.GetUtcNow();
        var rows = files.Select(f => new ChangeAttachment
        {
            ChangeRequestId = changeId,
            Kind = kind,
            FileName = f.DisplayName,
            StoredName = f.StoredName,
            ContentType = f.ContentType,
            SizeBytes = f.SizeBytes,
            Sha256 = f.Sha256,
            IsFirmwareImage = f.IsFirmwareImage,
            UploadedByUserId = caller.UserId,
            UploadedBy = caller.UserName,
            UploadedAt = now,
        }).ToList();
        foreach (var file in files)
        {
            change.RecordAttachment(file.DisplayName, file.SizeBytes, file.Sha256, caller.UserName, now);
        }

        try
        {
            db.ChangeAttachments.AddRange(rows);
            ChangeVersion.Increment(db, change);
            await store.SaveAndPlaceAsync(db, Owner, changeId, files, () => [.. rows.Select(r => r.Id)], cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ChangeApiErrors.ConcurrentChange(changeId);
        }

        foreach (var row in rows)
        {
            LogStored(changeId, row.Id, row.StoredName, row.SizeBytes, row.Sha256, caller.UserName);
        }

        return rows.Select(ChangeAttachmentView.Of).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Change {ChangeId}: attachment {AttachmentId} {FileName} ({SizeBytes} bytes, SHA-256 {Sha256}) stored for {Actor}")]
    private partial void LogStored(long changeId, long attachmentId, string fileName, long sizeBytes, string sha256, string? actor);

    [LoggerMessage(Level = LogLevel.Error, Message = "Change {ChangeId}: the file of attachment {AttachmentId} is missing at {Path}")]
    private partial void LogFileMissing(long changeId, long attachmentId, string path);
}
