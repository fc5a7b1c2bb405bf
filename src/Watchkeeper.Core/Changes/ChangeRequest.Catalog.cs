namespace Watchkeeper.Core.Changes;

public sealed partial class ChangeRequest
{
    /// <summary>Records an attached file on the change's activity log, with its size and SHA-256.</summary>
    public void RecordAttachment(string fileName, long sizeBytes, string sha256, string? actor, DateTimeOffset at)
    {
        var entry = Append(ChangeAction.AttachmentAdded, at, actor, fileName);
        entry.OldValue = sizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        entry.NewValue = sha256;
    }

    /// <summary>Records that an emergency change goes ahead inside a freeze period, naming the period.</summary>
    public void RecordFreezeOverlap(string periodName, string action, string? actor, DateTimeOffset at)
    {
        var entry = Append(ChangeAction.FreezeOverlapped, at, actor, periodName);
        entry.Field = action;
    }
}
