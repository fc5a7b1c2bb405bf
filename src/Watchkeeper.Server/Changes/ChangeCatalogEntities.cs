using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Attachments;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Changes;

/// <summary>
/// A standard-change template: a routine change that was approved once, so that a Standard change raised from it is
/// approved when submitted. Templates are a platform-wide catalog, not organization data.
/// </summary>
public sealed class ChangeTemplate
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>A grouping for the catalog, such as 固件升级 (firmware upgrade) or 配置调整 (configuration).</summary>
    public string Category { get; set; } = "";

    /// <summary>The pre-approved steps, which a change from the template follows and takes as its description.</summary>
    public string Steps { get; set; } = "";

    public string RollbackPlan { get; set; } = "";

    public ChangeRisk Risk { get; set; }

    /// <summary>The device kinds a change from the template may touch; empty allows every kind.</summary>
    public List<DeviceKind> AllowedDeviceKinds { get; set; } = [];

    public bool RequiresNotice { get; set; }

    /// <summary>Who approved the template, such as the technical management unit's reviewer.</summary>
    public string ApprovedBy { get; set; } = "";

    public DateTimeOffset ApprovedAt { get; set; }

    /// <summary>Whether new Standard changes may use the template. Changes already raised from it keep their reference.</summary>
    public bool IsActive { get; set; } = true;

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A freeze period (封网期), such as a national holiday or a major event: no Standard, Minor or Major change may have its
/// window in it for the organizations it covers. Emergency changes may, and the overlap is recorded on them.
/// </summary>
public sealed class ChangeFreezePeriod
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset StartAt { get; set; }

    public DateTimeOffset EndAt { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The organizations the freeze covers with their sub-organizations; none covers every organization.</summary>
    public List<ChangeFreezeOrganization> Organizations { get; set; } = [];

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ChangeFreezeOrganization
{
    public long FreezePeriodId { get; set; }

    public long OrganizationId { get; set; }
}

public enum ChangeAttachmentKind
{
    ReleaseNotes,
    Patch,
    Plan,
    Other,
}

/// <summary>A file attached to a change: release notes, a patch or firmware image, a plan document. Never deleted, like the change's log.</summary>
public sealed class ChangeAttachment
{
    public long Id { get; set; }

    public long ChangeRequestId { get; set; }

    public ChangeAttachmentKind Kind { get; set; }

    public string FileName { get; set; } = "";

    public string StoredName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the content, lowercase hex, for checking a firmware image against the vendor's published checksum.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Whether the file is a firmware image, whose content was checked by extension only.</summary>
    public bool IsFirmwareImage { get; set; }

    public string? UploadedByUserId { get; set; }

    public string? UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>Limits of change attachments (section "ChangeAttachments").</summary>
public sealed class ChangeAttachmentOptions
{
    public const string Section = "ChangeAttachments";

    /// <summary>The largest file, in bytes. Default 512 MiB, room for a recorder's firmware image.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The most bytes all of one change's attachments may take together. Default 2 GiB.</summary>
    public long MaxChangeBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The most files in one upload request.</summary>
    public int MaxFilesPerUpload { get; set; } = 10;
}

internal sealed class ChangeTemplateConfiguration : IEntityTypeConfiguration<ChangeTemplate>
{
    public void Configure(EntityTypeBuilder<ChangeTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(ChangeLimits.NameLength);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.Description).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(t => t.Category).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(t => t.Steps).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(t => t.RollbackPlan).HasMaxLength(ChangeLimits.TextLength);
        builder.Property(t => t.Risk).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.AllowedDeviceKinds).HasJsonConversion().HasMaxLength(1000);
        builder.Property(t => t.ApprovedBy).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(t => t.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class ChangeFreezePeriodConfiguration : IEntityTypeConfiguration<ChangeFreezePeriod>
{
    public void Configure(EntityTypeBuilder<ChangeFreezePeriod> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(ChangeLimits.NameLength);
        builder.Property(f => f.Reason).HasMaxLength(ChangeLimits.NoteLength);
        builder.Property(f => f.CreatedBy).HasMaxLength(256);
        builder.HasIndex(f => new { f.StartAt, f.EndAt });
        builder.HasMany(f => f.Organizations).WithOne().HasForeignKey(o => o.FreezePeriodId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChangeFreezeOrganizationConfiguration : IEntityTypeConfiguration<ChangeFreezeOrganization>
{
    public void Configure(EntityTypeBuilder<ChangeFreezeOrganization> builder)
    {
        builder.HasKey(o => new { o.FreezePeriodId, o.OrganizationId });
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChangeAttachmentConfiguration : IEntityTypeConfiguration<ChangeAttachment>
{
    public void Configure(EntityTypeBuilder<ChangeAttachment> builder)
    {
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.FileName).HasMaxLength(AttachmentTypes.MaxFileNameLength);
        builder.Property(a => a.StoredName).HasMaxLength(AttachmentTypes.MaxStoredNameLength);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.UploadedByUserId).HasMaxLength(64);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
        builder.HasIndex(a => a.ChangeRequestId);
        builder.HasOne<ChangeRequest>().WithMany().HasForeignKey(a => a.ChangeRequestId).OnDelete(DeleteBehavior.Restrict);
    }
}
