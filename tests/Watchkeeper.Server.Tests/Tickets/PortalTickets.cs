using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>Opens tickets the way the portal does, with a customer as the requester, and drives them over the API.</summary>
internal static class PortalTickets
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Opens a portal ticket for the user, through the service the portal page calls, and returns its id.</summary>
    public static async Task<long> OpenAsync(WatchkeeperApp app, string requesterUserId, long organizationId, string title = "门口摄像机画面模糊")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var caller = await scope.ServiceProvider.GetRequiredService<UserAccessService>().GetAsync(requesterUserId, Token);
        var service = scope.ServiceProvider.GetRequiredService<TicketService>();
        var created = await service.CreateAsync(new TicketCreateInput(title, "画面发虚，看不清车牌。", null, "Camera", organizationId),
            TicketSource.Portal, caller, Token);
        created.IsSuccess.ShouldBeTrue(created.IsSuccess ? "" : created.Errors[0].Message);
        return created.Value;
    }

    public static Task<HttpResponseMessage> TransitionAsync(HttpClient client, long id, object body) =>
        client.PostAsJsonAsync($"/api/v1/tickets/{id}/transitions", body, Token);

    /// <summary>Assigns the ticket to the engineer, who accepts and resolves it.</summary>
    public static async Task ResolveAsync(HttpClient admin, HttpClient engineer, string engineerId, long id)
    {
        (await TransitionAsync(admin, id, new { action = "assign", assigneeUserId = engineerId })).EnsureSuccessStatusCode();
        (await TransitionAsync(engineer, id, new { action = "accept" })).EnsureSuccessStatusCode();
        (await TransitionAsync(engineer, id, new { action = "resolve", cause = "镜头起雾", solution = "清洁镜头并加装防雾罩" })).EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}", Token);
}
