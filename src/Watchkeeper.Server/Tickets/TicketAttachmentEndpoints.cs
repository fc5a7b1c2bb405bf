using System.Security.Claims;
using Microsoft.Extensions.Options;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Attachments;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Tickets;

public static class TicketAttachmentEndpoints
{
    /// <summary>
    /// Maps the attachment routes under /api/v1/tickets. Every route needs tickets.view and the ticket in the caller's
    /// scope. Uploading also needs tickets.edit or being the ticket's requester, which the service checks. There is no
    /// delete route, because attachments belong to the append-only log.
    /// </summary>
    public static RouteGroupBuilder MapTicketAttachmentsApi(this RouteGroupBuilder group)
    {
        // Browsers do not send bearer tokens on their own, and the sign-in cookie is SameSite=Lax, so a cross-site
        // form cannot post here with the user's rights. Scripts therefore need no antiforgery token.
        group.MapPost("/{id:long}/attachments", UploadAsync)
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .Produces<IReadOnlyList<TicketAttachmentView>>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("Attach photos or logs to a ticket (multipart, one or more files in the field 'files'); each is checked by extension " +
                "and content and recorded on the ticket's log. Needs tickets.edit, or being the ticket's requester");

        group.MapGet("/{id:long}/attachments", async (long id, TicketAttachmentService service, CancellationToken cancellationToken) =>
                await service.ListAsync(id, cancellationToken) is { } attachments
                    ? TypedResults.Ok(attachments)
                    : ApiResults.Problem(TicketApiErrors.NotFound(id)))
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("A ticket's attachments, oldest first: id, file name, content type, size, uploader and time");

        group.MapGet("/{id:long}/attachments/{attachmentId:long}", DownloadAsync)
            .RequirePermission(Capability.Tickets, PermissionAction.View)
            .WithSummary("Download one attachment with its stored content type, as a file (Content-Disposition: attachment)");
        return group;
    }

    private static async Task<IResult> UploadAsync(long id, HttpContext context, ClaimsPrincipal user, UserAccessService access,
        TicketAttachmentService service, IOptions<TicketAttachmentOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var files = await AttachmentForms.ReadFilesAsync(context, Math.Min(limits.MaxTicketBytes, limits.MaxFileBytes * limits.MaxFilesPerUpload),
            TicketAttachmentErrors.Upload, cancellationToken);
        if (!files.IsSuccess)
        {
            return ApiResults.Problem(files.Errors);
        }

        var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
        var stored = await service.UploadAsync(id, files.Value, caller, cancellationToken);
        return stored.IsSuccess
            ? TypedResults.Created($"/api/v1/tickets/{id}/attachments", stored.Value)
            : ApiResults.Problem(stored.Errors);
    }

    private static async Task<IResult> DownloadAsync(long id, long attachmentId, HttpContext context, TicketAttachmentService service,
        CancellationToken cancellationToken)
    {
        var opened = await service.OpenAsync(id, attachmentId, cancellationToken);
        if (!opened.IsSuccess)
        {
            return ApiResults.Problem(opened.Errors);
        }

        var (attachment, content) = opened.Value;

        // The stored type was checked against the content, and nosniff keeps browsers from guessing another one.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, attachment.ContentType, attachment.StoredName, enableRangeProcessing: true);
    }
}
