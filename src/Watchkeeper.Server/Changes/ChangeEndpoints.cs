using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Api;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

public static class ChangeEndpoints
{
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/changes").WithTags("Changes");

        group.MapGet("/", async (HttpRequest request, ChangeQueries queries, CancellationToken cancellationToken) =>
        {
            var errors = new List<Error>();
            var state = Optional<ChangeState>(request, "state", errors);
            var type = Optional<ChangeType>(request, "type", errors);
            var from = Instant(request, "from", errors);
            var to = Instant(request, "to", errors);
            var limit = int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 100;
            return errors.Count > 0 ? ApiResults.Problem(errors) : TypedResults.Ok(await queries.ListAsync(state, type, from, to, limit, cancellationToken));
        }).RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("List changes, newest first: state, type, and from/to (ISO 8601) for the planned windows that overlap them; limit up to 500");

        group.MapPost("/", async (ChangeCreateInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service, ChangeQueries queries,
            CancellationToken cancellationToken) =>
        {
            var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
            var created = await service.CreateAsync(input, caller, cancellationToken);
            return created.IsSuccess
                ? TypedResults.Created($"/api/v1/changes/{created.Value}", await queries.GetAsync(created.Value, cancellationToken))
                : ApiResults.Problem(created.Errors);
        }).RequirePermission(Capability.Changes, PermissionAction.Create)
            .WithSummary("Raise a change: type (Standard, Minor, Major, Emergency), title, reason, description, deviceIds, organizationIds, plannedStart, " +
                "plannedEnd, affectedSystems, risk, rollbackPlan, implementerUserId, requiresNotice");

        group.MapGet("/{id:long}", async (long id, ChangeQueries queries, CancellationToken cancellationToken) =>
                await queries.GetAsync(id, cancellationToken) is { } change ? TypedResults.Ok(change) : ApiResults.Problem(ChangeApiErrors.NotFound(id)))
            .RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("One change: state, approvals, permit, window, backups, trial runs, notices, versions, what blocks its permit, and its activities");

        // Each action checks its own permission: approvers act with changes.approve, implementers with changes.edit.
        group.MapPost("/{id:long}/transitions", (long id, ChangeTransitionInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service,
                ChangeQueries queries, CancellationToken cancellationToken) =>
            ActAsync(id, user, access, queries, caller => service.TransitionAsync(id, input, caller, cancellationToken), cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.View)
            .WithSummary("Move a change: submit, approve, reject, delegate, issue-permit, start, record-work, extend, close, review, cancel, comment");

        group.MapPost("/{id:long}/backups", (long id, ChangeBackupInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service,
                ChangeQueries queries, CancellationToken cancellationToken) =>
            ActAsync(id, user, access, queries, caller => service.AddBackupAsync(id, input, caller, cancellationToken), cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Edit).WithSummary("Record a backup: what, location, sha256, sizeBytes");

        group.MapPost("/{id:long}/trial-runs", (long id, ChangeTrialRunInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service,
                ChangeQueries queries, CancellationToken cancellationToken) =>
            ActAsync(id, user, access, queries, caller => service.AddTrialRunAsync(id, input, caller, cancellationToken), cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Edit)
            .WithSummary("Record a trial run in the test environment: environment, steps, results, evidence, passed, signedOffBy");

        group.MapPost("/{id:long}/notices", (long id, ChangeNoticeInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service,
                ChangeQueries queries, CancellationToken cancellationToken) =>
            ActAsync(id, user, access, queries, caller => service.SendNoticeAsync(id, input, caller, cancellationToken), cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Edit)
            .WithSummary("Send an advance notice (kind Advance, Correction, Extension, Cancellation) to the affected users: window, impactScope, " +
                "countermeasures, contact");

        group.MapPost("/{id:long}/plan-versions", (long id, ChangePlanInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service,
                ChangeQueries queries, CancellationToken cancellationToken) =>
            ActAsync(id, user, access, queries, caller => service.AddPlanVersionAsync(id, input, caller, cancellationToken), cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Edit).WithSummary("Add a version of the technical implementation plan: content, note");

        group.MapPost("/{id:long}/versions", (long id, ChangeVersionInput input, ClaimsPrincipal user, UserAccessService access, ChangeService service,
                ChangeQueries queries, CancellationToken cancellationToken) =>
            ActAsync(id, user, access, queries, caller => service.RecordVersionAsync(id, input, caller, cancellationToken), cancellationToken))
            .RequirePermission(Capability.Changes, PermissionAction.Edit)
            .WithSummary("Record a device's or component's version before and after the change; a device's ledger firmware follows");

        var chains = routes.MapGroup("/api/v1/change-approval-chains").WithTags("Changes");
        chains.MapGet("/", async (WatchkeeperDbContext db, CancellationToken cancellationToken) =>
                TypedResults.Ok(await db.ChangeApprovalChains.AsNoTracking().OrderBy(c => c.Type).ToListAsync(cancellationToken)))
            .RequirePermission(Capability.Changes, PermissionAction.View).WithSummary("The approval chain of each change type");
        chains.MapPut("/{type}", async (string type, ApprovalChainInput input, ClaimsPrincipal user, ChangeApprovalChains service,
                CancellationToken cancellationToken) =>
            {
                var result = await service.ReplaceAsync(type, input, user.Identity?.Name, cancellationToken);
                return result.IsSuccess ? TypedResults.Ok(result.Value) : ApiResults.Problem(result.Errors);
            }).RequirePermission(Capability.Changes, PermissionAction.Administer)
            .WithSummary("Replace a change type's approval chain: steps with order (same order = in parallel), name, mode (Any or All), approvers");
        routes.MapChangeCatalogApi();
        return routes;
    }

    private static async Task<IResult> ActAsync(long id, ClaimsPrincipal user, UserAccessService access, ChangeQueries queries,
        Func<UserAccess, Task<Result<long>>> act, CancellationToken cancellationToken)
    {
        var caller = await access.GetAsync(user, cancellationToken) ?? UserAccess.None("");
        var result = await act(caller);
        return result.IsSuccess ? TypedResults.Ok(await queries.GetAsync(id, cancellationToken)) : ApiResults.Problem(result.Errors);
    }

    private static T? Optional<T>(HttpRequest request, string name, List<Error> errors)
        where T : struct, Enum
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && !char.IsAsciiDigit(text[0]))
        {
            return value;
        }

        errors.Add(ChangeApiErrors.ValueUnknown(name, text, Enum.GetNames<T>()));
        return null;
    }

    private static DateTimeOffset? Instant(HttpRequest request, string name, List<Error> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        errors.Add(ChangeApiErrors.ValueUnknown(name, text, ["2026-12-09T14:00:00Z"]));
        return null;
    }
}
