using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// The ticket row's version, a concurrency token. A user's action and the clock worker that change one ticket at the
/// same time cannot overwrite each other, because the later save fails and is tried again on the reloaded ticket.
/// </summary>
internal static class TicketVersion
{
    public const string Property = "Version";

    public static void Increment(WatchkeeperDbContext db, Ticket ticket)
    {
        var version = db.Entry(ticket).Property<int>(Property);
        version.CurrentValue++;
    }
}
