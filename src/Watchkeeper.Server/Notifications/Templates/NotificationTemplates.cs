using System.Net;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Templates;

/// <summary>A template as the API shows it: the stored override, or the default when <see cref="IsDefault"/>.</summary>
public sealed record TemplateView(NotificationKind Kind, NotificationChannelKind ChannelKind, string Subject, string Body, string? Html, bool IsDefault,
    DateTimeOffset? UpdatedAt);

/// <summary>The body of a template save or preview.</summary>
public sealed record TemplateInput(string? Subject, string? Body, string? Html);

/// <summary>Renders messages from the stored overrides or the built-in defaults, and edits the overrides.</summary>
public sealed class NotificationTemplates(IDbContextFactory<WatchkeeperDbContext> dbFactory, NotificationScopes scopes, TimeProvider time) : INotificationTemplates
{
    /// <summary>The message kinds about alarms, which these templates render. Ticket notices have texts of their own.</summary>
    public static IReadOnlyList<NotificationKind> Kinds { get; } = [.. Enum.GetValues<NotificationKind>().Where(k => k is not (NotificationKind.Ticket or NotificationKind.Change))];

    public async Task<NotificationMessage> RenderAsync(NotificationChannelKind channel, AlarmNotificationModel model, CancellationToken cancellationToken = default)
    {
        var source = await SourceAsync(model.Kind, channel, cancellationToken);
        return Render(source, channel, model);
    }

    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationTemplateOverrides.AsNoTracking().ToListAsync(cancellationToken);
        return [.. from kind in Kinds
                   from channel in Enum.GetValues<NotificationChannelKind>()
                   select View(kind, channel, stored.FirstOrDefault(t => t.Kind == kind && t.ChannelKind == channel))];
    }

    /// <summary>Stores an override after checking that every part parses and uses only known placeholders.</summary>
    public async Task<Result<TemplateView>> SaveAsync(NotificationKind kind, NotificationChannelKind channel, TemplateInput input, CancellationToken cancellationToken)
    {
        var checkedSource = Check(input);
        if (!checkedSource.IsSuccess)
        {
            return Result<TemplateView>.Failure(checkedSource.Errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.NotificationTemplateOverrides.FirstOrDefaultAsync(t => t.Kind == kind && t.ChannelKind == channel, cancellationToken);
        if (entity is null)
        {
            entity = new NotificationTemplateOverride { Kind = kind, ChannelKind = channel };
            db.NotificationTemplateOverrides.Add(entity);
        }

        entity.Subject = checkedSource.Value.Subject;
        entity.Body = checkedSource.Value.Body;
        entity.Html = channel == NotificationChannelKind.Email ? checkedSource.Value.Html : null;
        entity.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return View(kind, channel, entity);
    }

    /// <summary>Deletes the override so that the default applies again; returns false when there was none.</summary>
    public async Task<bool> ResetAsync(NotificationKind kind, NotificationChannelKind channel, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.NotificationTemplateOverrides.FirstOrDefaultAsync(t => t.Kind == kind && t.ChannelKind == channel, cancellationToken);
        if (entity is null)
        {
            return false;
        }

        db.NotificationTemplateOverrides.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Renders sample alarms with the given template, or with the current one when the input is empty.</summary>
    public async Task<Result<NotificationMessage>> PreviewAsync(NotificationKind kind, NotificationChannelKind channel, TemplateInput? input,
        CancellationToken cancellationToken)
    {
        TemplateSource source;
        if (input?.Body is null && input?.Subject is null)
        {
            source = await SourceAsync(kind, channel, cancellationToken);
        }
        else
        {
            var checkedSource = Check(input);
            if (!checkedSource.IsSuccess)
            {
                return Result<NotificationMessage>.Failure(checkedSource.Errors);
            }

            source = checkedSource.Value;
        }

        return Render(source, channel, SampleModel(kind, time.GetUtcNow()));
    }

    /// <summary>Two alarms of an example site, for previews.</summary>
    public static AlarmNotificationModel SampleModel(NotificationKind kind, DateTimeOffset now)
    {
        var resolved = kind == NotificationKind.Resolved;
        AlarmNotificationItem[] alarms =
        [
            new(1001, "34020000001320000001", "东门入口摄像机", "示范园区 / Demo campus", AlarmType.Offline, "", AlarmSeverity.Critical,
                resolved ? AlarmState.Resolved : AlarmState.Open, "连续 3 轮探测无响应 / no response to 3 probe rounds", now.AddMinutes(-12),
                resolved ? now : null, 0),
            new(1002, "34020000001110000001", "一号楼录像机", "示范园区 / Demo campus", AlarmType.DiskFull, "disk 2", AlarmSeverity.Major,
                resolved ? AlarmState.Resolved : AlarmState.Acknowledged, "硬盘 2 已满 / disk 2 is full", now.AddMinutes(-40), resolved ? now : null, 16),
        ];
        return kind == NotificationKind.Test
            ? new AlarmNotificationModel(kind, [], "值班工程师 / Engineer on duty")
            : new AlarmNotificationModel(kind, alarms, "值班工程师 / Engineer on duty", kind == NotificationKind.Escalation ? 1 : 0);
    }

    private NotificationMessage Render(TemplateSource source, NotificationChannelKind channel, AlarmNotificationModel model)
    {
        var scope = scopes.Create(model);

        // A stored template parsed when it was saved; the defaults are tested. A failure here is a bug, not input.
        var subject = TemplateText.Parse(source.Subject).Value.Render(scope).Trim();
        var body = TemplateText.Parse(source.Body).Value.Render(scope).Trim();
        var html = channel == NotificationChannelKind.Email && !string.IsNullOrWhiteSpace(source.Html)
            ? TemplateText.Parse(source.Html).Value.Render(scope, WebUtility.HtmlEncode)
            : null;
        return new NotificationMessage(subject.ReplaceLineEndings(" "), body, html);
    }

    private async Task<TemplateSource> SourceAsync(NotificationKind kind, NotificationChannelKind channel, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NotificationTemplateOverrides.AsNoTracking().FirstOrDefaultAsync(t => t.Kind == kind && t.ChannelKind == channel, cancellationToken);
        return stored is null ? DefaultTemplates.For(channel) : new TemplateSource(stored.Subject, stored.Body, stored.Html);
    }

    private static Result<TemplateSource> Check(TemplateInput input)
    {
        var errors = new List<Error>();
        var subject = input.Subject ?? "";
        var body = input.Body ?? "";
        CheckPart(subject, "subject", NotificationTemplateOverride.MaxSubjectLength, required: true, errors);
        CheckPart(body, "body", NotificationTemplateOverride.MaxBodyLength, required: true, errors);
        CheckPart(input.Html ?? "", "html", NotificationTemplateOverride.MaxBodyLength * 3, required: false, errors);
        return errors.Count > 0
            ? Result<TemplateSource>.Failure(errors)
            : new TemplateSource(subject, body, string.IsNullOrWhiteSpace(input.Html) ? null : input.Html);
    }

    private static void CheckPart(string text, string field, int maxLength, bool required, List<Error> errors)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(NotificationErrors.TemplateEmpty(field));
        }
        else if (text.Length > maxLength)
        {
            errors.Add(NotificationErrors.TemplateTooLong(field, text.Length, maxLength));
        }
        else if (TemplateText.Parse(text, NotificationScopes.Names, field) is { IsSuccess: false } parsed)
        {
            errors.AddRange(parsed.Errors);
        }
    }

    private static TemplateView View(NotificationKind kind, NotificationChannelKind channel, NotificationTemplateOverride? stored)
    {
        if (stored is not null)
        {
            return new TemplateView(kind, channel, stored.Subject, stored.Body, stored.Html, false, stored.UpdatedAt);
        }

        var source = DefaultTemplates.For(channel);
        return new TemplateView(kind, channel, source.Subject, source.Body, source.Html, true, null);
    }
}
