using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Watchkeeper.Server.Notifications.Templates;

/// <summary>An administrator's template for one kind of message on one kind of channel, replacing the built-in default.</summary>
public sealed class NotificationTemplateOverride
{
    public const int MaxSubjectLength = 1000;
    public const int MaxBodyLength = 20000;

    public long Id { get; set; }

    public NotificationKind Kind { get; set; }

    public NotificationChannelKind ChannelKind { get; set; }

    public string Subject { get; set; } = "";

    /// <summary>The text body: plain text for e-mail, SMS and the text field of a webhook document, markdown for the chat robots.</summary>
    public string Body { get; set; } = "";

    /// <summary>The HTML part of an e-mail; null elsewhere, or to send e-mail as text only.</summary>
    public string? Html { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class NotificationTemplateOverrideConfiguration : IEntityTypeConfiguration<NotificationTemplateOverride>
{
    public void Configure(EntityTypeBuilder<NotificationTemplateOverride> builder)
    {
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.ChannelKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Subject).HasMaxLength(NotificationTemplateOverride.MaxSubjectLength);
        builder.Property(t => t.Body).HasMaxLength(NotificationTemplateOverride.MaxBodyLength);
        builder.Property(t => t.Html).HasMaxLength(NotificationTemplateOverride.MaxBodyLength * 3);
        builder.HasIndex(t => new { t.Kind, t.ChannelKind }).IsUnique();
    }
}
