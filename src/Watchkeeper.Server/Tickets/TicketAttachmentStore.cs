namespace Watchkeeper.Server.Tickets;

/// <summary>
/// The attachment files under the data directory: attachments/tickets/{ticketId}/{attachmentId}. An upload is written
/// to attachments/.incoming first and moved into place only once its row is saved, so that a broken upload never
/// leaves a partial file where a download would find it.
/// </summary>
public sealed class TicketAttachmentStore(string root)
{
    public string Root { get; } = root;

    public string PathOf(long ticketId, long attachmentId) =>
        Path.Combine(Root, "tickets", ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Returns a new temporary path for an incoming upload, creating its folder if missing.</summary>
    public string CreateIncoming()
    {
        var folder = Path.Combine(Root, ".incoming");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Moves a finished upload to its place. An existing file there is never overwritten.</summary>
    public string MoveIntoPlace(string incomingPath, long ticketId, long attachmentId)
    {
        var target = PathOf(ticketId, attachmentId);
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
}
