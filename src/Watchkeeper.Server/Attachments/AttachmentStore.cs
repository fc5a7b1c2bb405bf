using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Watchkeeper.Server.Attachments;

/// <summary>
/// The attachment files under the data directory: attachments/{owner}/{ownerId}/{attachmentId}, where the owner is
/// "tickets" or "changes". An upload is written to attachments/.incoming first and moved into place only once its row
/// is saved, so that a broken upload never leaves a partial file where a download would find it.
/// </summary>
public sealed class AttachmentStore(string root)
{
    public string Root { get; } = root;

    public string PathOf(string owner, long ownerId, long attachmentId) =>
        Path.Combine(Root, owner, ownerId.ToString(CultureInfo.InvariantCulture), attachmentId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Returns a new temporary path for an incoming upload, creating its folder if missing.</summary>
    public string CreateIncoming()
    {
        var folder = Path.Combine(Root, ".incoming");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Moves a finished upload to its place. An existing file there is never overwritten.</summary>
    public string MoveIntoPlace(string incomingPath, string owner, long ownerId, long attachmentId)
    {
        var target = PathOf(owner, ownerId, attachmentId);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(incomingPath, target, overwrite: false);
        return target;
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The file stays behind as an orphan. It has no row, so it is never served.
        }
    }

    /// <summary>
    /// Saves the context's pending rows in one transaction and moves each received file into place, under the id that
    /// <paramref name="savedIds"/> returns after the save, before the transaction commits. When the save, a move or the
    /// commit fails, the files already moved are deleted and the exception is raised again.
    /// </summary>
    public async Task SaveAndPlaceAsync(DbContext db, string owner, long ownerId, IReadOnlyList<ReceivedAttachment> files, Func<IReadOnlyList<long>> savedIds,
        CancellationToken cancellationToken)
    {
        var placed = new List<string>();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var ids = savedIds();
            for (var i = 0; i < files.Count; i++)
            {
                placed.Add(MoveIntoPlace(files[i].IncomingPath, owner, ownerId, ids[i]));
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception)
        {
            // The rows were rolled back, so the moved files belong to nothing.
            placed.ForEach(DeleteQuietly);
            throw;
        }
    }

    /// <summary>Opens a stored file for reading, or returns null when it is missing.</summary>
    public FileStream? OpenRead(string owner, long ownerId, long attachmentId)
    {
        var path = PathOf(owner, ownerId, attachmentId);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true) : null;
    }
}
