using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Attachments;

namespace Watchkeeper.Server.Tickets;

/// <summary>A file attached to a ticket: a photo of the fault, a device log. Attachments are never deleted, like the ticket's log.</summary>
public sealed class TicketAttachment
{
    public const int MaxFileNameLength = AttachmentTypes.MaxFileNameLength;

    public long Id { get; set; }

    public long TicketId { get; set; }

    /// <summary>The name the uploader gave the file, for display.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The sanitised name: the last path segment without special characters, used for the download.</summary>
    public string StoredName { get; set; } = "";

    /// <summary>The content type that the extension names and the content was checked against.</summary>
    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the content, lowercase hex.</summary>
    public string Sha256 { get; set; } = "";

    public string? UploadedByUserId { get; set; }

    public string? UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>Limits of ticket attachments (section "TicketAttachments").</summary>
public sealed class TicketAttachmentOptions
{
    public const string Section = "TicketAttachments";

    /// <summary>The largest file, in bytes. Default 20 MiB: a phone photo or a compressed day of device logs.</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The most bytes all of one ticket's attachments may take together. Default 200 MiB.</summary>
    public long MaxTicketBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The most files in one upload request.</summary>
    public int MaxFilesPerUpload { get; set; } = 20;
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(TicketAttachment.MaxFileNameLength);
        builder.Property(a => a.StoredName).HasMaxLength(AttachmentTypes.MaxStoredNameLength);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.UploadedByUserId).HasMaxLength(64);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
        builder.HasIndex(a => a.TicketId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Restrict);
    }
}
