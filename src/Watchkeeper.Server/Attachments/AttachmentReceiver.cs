using System.Security.Cryptography;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Attachments;

/// <summary>One file of an upload, as an endpoint or a console page received it.</summary>
public sealed record AttachmentUpload(string FileName, Func<Stream> OpenReadStream);

/// <summary>A checked upload in its temporary file, waiting for its row to be saved.</summary>
public sealed record ReceivedAttachment(string IncomingPath, string DisplayName, string StoredName, string ContentType, long SizeBytes, string Sha256,
    bool IsFirmwareImage);

/// <summary>Receives uploads into temporary files of the <see cref="AttachmentStore"/>, checking each against one use's types and limits.</summary>
public static class AttachmentReceiver
{
    /// <summary>
    /// Receives every file, or none: on the first rejected file the others are deleted and every file's errors are returned.
    /// </summary>
    public static async Task<Result<IReadOnlyList<ReceivedAttachment>>> ReceiveAllAsync(IReadOnlyList<AttachmentUpload> files, AttachmentStore store,
        AttachmentTypeSet types, AttachmentErrors errors, long maxFileBytes, CancellationToken cancellationToken)
    {
        var received = new List<ReceivedAttachment>();
        var failures = new List<Error>();
        try
        {
            foreach (var file in files)
            {
                var checkedFile = await ReceiveAsync(file, store, types, errors, maxFileBytes, cancellationToken);
                if (checkedFile.IsSuccess)
                {
                    received.Add(checkedFile.Value);
                }
                else
                {
                    failures.AddRange(checkedFile.Errors);
                }
            }
        }
        catch
        {
            DeleteIncoming(received);
            throw;
        }

        if (failures.Count > 0)
        {
            DeleteIncoming(received);
            return Result<IReadOnlyList<ReceivedAttachment>>.Failure(failures);
        }

        return received;
    }

    /// <summary>Deletes the temporary files that were not moved into place.</summary>
    public static void DeleteIncoming(IEnumerable<ReceivedAttachment> files)
    {
        foreach (var file in files.Where(f => File.Exists(f.IncomingPath)))
        {
            AttachmentStore.DeleteQuietly(file.IncomingPath);
        }
    }

    /// <summary>Copies one file to a temporary file while counting and hashing it, then checks its type, size and content.</summary>
    private static async Task<Result<ReceivedAttachment>> ReceiveAsync(AttachmentUpload file, AttachmentStore store, AttachmentTypeSet types,
        AttachmentErrors errors, long maxFileBytes, CancellationToken cancellationToken)
    {
        var displayName = AttachmentTypes.DisplayName(file.FileName);
        var storedName = AttachmentTypes.SanitizeFileName(file.FileName);
        if (types.ContentTypeOf(storedName) is not { } contentType)
        {
            return errors.TypeNotAllowed(displayName);
        }

        var incoming = store.CreateIncoming();
        var head = new byte[AttachmentTypes.SniffBytes];
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
                if (size > maxFileBytes)
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

        Error? error = size switch
        {
            0 => errors.Empty(displayName),
            _ when size > maxFileBytes => errors.FileTooLarge(displayName, maxFileBytes),
            _ when !types.ContentMatches(storedName, head.AsSpan(0, headLength)) => errors.ContentMismatch(displayName),
            _ => null,
        };
        if (error is not null)
        {
            AttachmentStore.DeleteQuietly(incoming);
            return error;
        }

        return new ReceivedAttachment(incoming, displayName, storedName, contentType, size, Convert.ToHexStringLower(hash.GetHashAndReset()),
            types.IsFirmwareImage(storedName));
    }
}
