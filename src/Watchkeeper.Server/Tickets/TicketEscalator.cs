using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.ServiceContracts;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// Acts on the crossings of a ticket's clocks that are due: records each warning, breach and escalation step on the
/// ticket, queues its notifications in the same transaction, and raises the fault level where the step is set to.
/// </summary>
public sealed partial class TicketEscalator(
    ISlaPolicies terms,
    NotificationSender sender,
    IOptions<TicketOptions> options,
    ILogger<TicketEscalator> logger)
{
    // A raised level brings new terms whose marks may be due at once. A few rounds settle it, because level 1 is the top.
    private const int MaxRounds = Ticket.MaxLevel + 1;

    /// <summary>Acts on every due crossing not acted on yet and returns how many it acted on. The caller saves.</summary>
    public async Task<int> ActAsync(WatchkeeperDbContext db, Ticket ticket, TicketClocks clocks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var acted = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var evaluation = clocks.Evaluate(ticket, now);
            var actedOn = TicketClockHistory.ActedOn(ticket.Activities);
            var due = evaluation.Crossed.Where(c => !actedOn.Contains(c.Key) && c.NoticeAt <= now).ToList();
            if (due.Count == 0)
            {
                break;
            }

            foreach (var crossing in due)
            {
                await ActAsync(db, ticket, crossing, now, cancellationToken);
                acted++;
            }
        }

        clocks.Refresh(ticket, now);
        return acted;
    }

    private async Task ActAsync(WatchkeeperDbContext db, Ticket ticket, SlaCrossing crossing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mark = MarkOf(ticket, crossing);
        var kind = mark?.Kind ?? (crossing.Mark.Percent >= 100 ? SlaMarkKind.Breach : SlaMarkKind.Warning);
        ticket.RecordCrossing(crossing, kind, now, TicketMessages.CrossingNote(crossing, kind));
        LogCrossing(ticket.Id, crossing.Key, kind, crossing.CrossedAt);

        // A ticket resolved or closed since the crossing keeps the record, but needs no notice any more.
        if (mark is not null && ticket.IsOpen && mark.Notify.Count > 0)
        {
            await NotifyAsync(db, ticket, crossing, kind, mark.Notify, now, cancellationToken);
        }

        if (mark is { RaiseLevel: true } && ticket.IsOpen && ticket.FaultLevel > Ticket.MinLevel)
        {
            var level = ticket.FaultLevel - 1;
            ticket.ChangeLevel(level, await terms.TermsAsync(ticket.ContractId, level, cancellationToken), TicketMessages.RaisedNote(crossing), null, now);
            LogRaised(ticket.Id, level, crossing.Key);
        }
    }

    private async Task NotifyAsync(WatchkeeperDbContext db, Ticket ticket, SlaCrossing crossing, SlaMarkKind kind, IReadOnlyList<string> receivers,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var people = await ResolveAsync(db, ticket, receivers, now, cancellationToken);
        var channels = await ChannelsAsync(db, cancellationToken);
        var sent = new List<string>();
        foreach (var person in people)
        {
            foreach (var channel in channels)
            {
                var address = channel.Kind == NotificationChannelKind.Email ? person.Email : person.Mobile;
                if (string.IsNullOrWhiteSpace(address))
                {
                    continue;
                }

                var message = TicketMessages.Crossing(ticket, crossing, kind, person.Name);
                db.NotificationDeliveries.Add(new NotificationDelivery
                {
                    ChannelId = channel.Id,
                    Kind = NotificationKind.Ticket,
                    Recipient = person.Name,
                    Address = address.Trim(),
                    Subject = message.Subject,
                    Text = message.Text,
                    Html = message.Html,
                    Status = DeliveryStatus.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                sent.Add($"{person.Name} ({channel.Name})");
            }
        }

        if (sent.Count > 0)
        {
            ticket.RecordNotified(string.Join(", ", sent), now, TicketMessages.CrossingNote(crossing, kind));
        }
        else
        {
            LogNobodyReached(ticket.Id, crossing.Key, string.Join(",", receivers));
        }
    }

    /// <summary>Resolves the receivers of a mark ("assignee", "user:ID", "group:ID", "duty", "teamLead", "projectManager", "residentEngineers").</summary>
    private async Task<IReadOnlyList<Person>> ResolveAsync(WatchkeeperDbContext db, Ticket ticket, IReadOnlyList<string> receivers, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var userIds = new List<string>();
        var groupIds = new List<long>();
        var contract = ticket.ContractId is { } contractId && receivers.Any(r => r is "projectManager" or "residentEngineers")
            ? await terms.ContractAsync(contractId, cancellationToken)
            : null;
        foreach (var receiver in receivers)
        {
            switch (receiver)
            {
                case "assignee" when ticket.AssigneeUserId is { } assignee:
                    userIds.Add(assignee);
                    break;
                case "projectManager" when contract?.ProjectManagerUserId is { } manager:
                    userIds.Add(manager);
                    break;
                case "residentEngineers" when contract is not null:
                    userIds.AddRange(contract.ResidentEngineerUserIds);
                    break;
                default:
                    if (receiver.StartsWith("user:", StringComparison.Ordinal))
                    {
                        userIds.Add(receiver["user:".Length..]);
                    }
                    else if (receiver.StartsWith("group:", StringComparison.Ordinal) && long.TryParse(receiver["group:".Length..], out var groupId))
                    {
                        groupIds.Add(groupId);
                    }

                    break;
            }
        }

        var organizations = new[] { ticket.OrganizationId };
        var people = new Dictionary<string, Person>();
        foreach (var audience in new[]
        {
            new Audience(userIds, groupIds, DutyRoster: false),
            new Audience([], [], DutyRoster: receivers.Contains("duty")),
            new Audience([], [], DutyRoster: receivers.Contains("teamLead"), DutyRosterLeadersOnly: true),
        }.Where(a => !a.IsEmpty))
        {
            foreach (var person in await sender.ResolveAsync(db, audience, organizations, now, cancellationToken))
            {
                people.TryAdd(person.Id, person);
            }
        }

        return [.. people.Values];
    }

    private async Task<List<NotificationChannel>> ChannelsAsync(WatchkeeperDbContext db, CancellationToken cancellationToken)
    {
        var configured = options.Value.NotificationChannelIds;
        var channels = db.NotificationChannels.AsNoTracking().Where(c => c.Enabled);
        channels = configured.Count > 0
            ? channels.Where(c => configured.Contains(c.Id))
            : channels.Where(c => c.Kind == NotificationChannelKind.Email || c.Kind == NotificationChannelKind.Sms);
        return await channels.OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Finds the mark in the current terms, or else in the latest earlier copy of the terms that has it.</summary>
    private static SlaMarkSnapshot? MarkOf(Ticket ticket, SlaCrossing crossing) =>
        ticket.Terms.MarkOf(crossing.Clock, crossing.Mark.Id)
        ?? ticket.Activities.Where(a => a.Terms is not null).OrderByDescending(a => a.ClockAt).ThenByDescending(a => a.Id)
            .Select(a => a.Terms!.MarkOf(crossing.Clock, crossing.Mark.Id)).FirstOrDefault(m => m is not null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: {MarkKind} {MarkKey}, crossed at {CrossedAt}")]
    private partial void LogCrossing(long ticketId, string markKey, SlaMarkKind markKind, DateTimeOffset crossedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} raised to fault level {FaultLevel} by {MarkKey}")]
    private partial void LogRaised(long ticketId, int faultLevel, string markKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId}: nobody could be notified of {MarkKey}; receivers {Receivers} have no address on the ticket channels")]
    private partial void LogNobodyReached(long ticketId, string markKey, string receivers);
}
