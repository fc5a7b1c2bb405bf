using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Changes;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Recording;
using Watchkeeper.Server.ServiceContracts;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Data;

/// <summary>
/// The organization-scope query filters: every query of an organization, a device, a device's records or an
/// organization's settings sees only what <see cref="OrganizationScope.Current"/> includes.
/// </summary>
/// <remarks>
/// The filters compare with <see cref="ScopeOrganizationIds"/>, which is null when the scope is unrestricted or
/// unset (background work). <c>EF.Constant</c> puts "unrestricted" into the SQL as a constant instead of a
/// parameter, so EF Core caches one query per case and drops <c>TRUE OR ...</c>: the unrestricted case runs the
/// same SQL as without filters, which <c>QueryFilter_Unrestricted_AddsNoCondition</c> checks.
/// </remarks>
public abstract partial class WatchkeeperDbContext
{
    /// <summary>The name of every organization-scope filter, for <see cref="OrganizationScopeQueryExtensions.IgnoreOrganizationScope{T}"/>.</summary>
    public const string OrganizationScopeFilter = "OrganizationScope";

    /// <summary>The visible organization ids of the current scope; null when it is unrestricted or unset.</summary>
    /// <remarks>Read by the query filters at query time, so one pooled context serves every scope.</remarks>
    internal long[]? ScopeOrganizationIds => OrganizationScope.Current is { IsUnrestricted: false } scope ? scope.QueryIds : null;

    private void AddOrganizationScopeFilters(ModelBuilder builder)
    {
        builder.Entity<Organization>().HasQueryFilter(OrganizationScopeFilter,
            o => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(o.Id));
        builder.Entity<Device>().HasQueryFilter(OrganizationScopeFilter,
            d => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(d.OrganizationId));

        // Organization settings.
        builder.Entity<MonitoringPolicy>().HasQueryFilter(OrganizationScopeFilter,
            p => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(p.OrganizationId));
        builder.Entity<RecordingPolicy>().HasQueryFilter(OrganizationScopeFilter,
            p => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(p.OrganizationId));
        builder.Entity<DiagnosisPlan>().HasQueryFilter(OrganizationScopeFilter,
            p => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(p.OrganizationId));
        builder.Entity<AlarmIncident>().HasQueryFilter(OrganizationScopeFilter,
            i => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(i.OrganizationId));
        builder.Entity<Ticket>().HasQueryFilter(OrganizationScopeFilter,
            t => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(t.OrganizationId));
        builder.Entity<ChangeRequest>().HasQueryFilter(OrganizationScopeFilter,
            c => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(c.OrganizationId));

        // A severity rule without an organization applies everywhere, so every scope sees it.
        builder.Entity<SeverityRule>().HasQueryFilter(OrganizationScopeFilter,
            r => EF.Constant(ScopeOrganizationIds == null) || r.OrganizationId == null || ScopeOrganizationIds.Contains(r.OrganizationId.Value));

        // A ticketing rule without an organization applies everywhere, so every scope sees it.
        builder.Entity<TicketRule>().HasQueryFilter(OrganizationScopeFilter,
            r => EF.Constant(ScopeOrganizationIds == null) || r.OrganizationId == null || ScopeOrganizationIds.Contains(r.OrganizationId.Value));

        // A routing rule for every organization is visible to everyone who may read rules.
        builder.Entity<NotificationRule>().HasQueryFilter(OrganizationScopeFilter,
            r => EF.Constant(ScopeOrganizationIds == null) || r.OrganizationId == null || ScopeOrganizationIds.Contains(r.OrganizationId.Value));

        // A contract covers its organization's subtree, but a user sees it only with the organization in scope. Default
        // policies and the Advanced template belong to no contract, so every scope sees them.
        builder.Entity<ServiceContract>().HasQueryFilter(OrganizationScopeFilter,
            c => EF.Constant(ScopeOrganizationIds == null) || ScopeOrganizationIds.Contains(c.OrganizationId));
        builder.Entity<SlaPolicy>().HasQueryFilter(OrganizationScopeFilter,
            p => EF.Constant(ScopeOrganizationIds == null) || p.ContractId == null || Set<ServiceContract>().Any(c => c.Id == p.ContractId));

        // Records of one device: visible when the device is. The inner Set<Device>() carries the device filter.
        FilterByDevice<DeviceHealth>(builder, h => Set<Device>().Any(d => d.Id == h.DeviceId));
        FilterByDevice<LatestProbeResult>(builder, r => Set<Device>().Any(d => d.Id == r.DeviceId));
        FilterByDevice<StateInterval>(builder, i => Set<Device>().Any(d => d.Id == i.DeviceId));
        FilterByDevice<Alarm>(builder, a => Set<Device>().Any(d => d.Id == a.DeviceId));
        FilterByDevice<AlarmActivity>(builder, x => Set<Alarm>().Any(a => a.Id == x.AlarmId));
        FilterByDevice<TicketActivity>(builder, x => Set<Ticket>().Any(t => t.Id == x.TicketId));
        FilterByDevice<TicketDevice>(builder, x => Set<Ticket>().Any(t => t.Id == x.TicketId));
        FilterByDevice<TicketAlarm>(builder, x => Set<Ticket>().Any(t => t.Id == x.TicketId));
        FilterByDevice<TicketAttachment>(builder, x => Set<Ticket>().Any(t => t.Id == x.TicketId));
        FilterByDevice<TicketAlarmOrigin>(builder, x => Set<Ticket>().Any(t => t.Id == x.TicketId));
        FilterByDevice<ChangeAttachment>(builder, x => Set<ChangeRequest>().Any(c => c.Id == x.ChangeRequestId));
        FilterByDevice<AlarmLink>(builder, l => Set<Alarm>().Any(a => a.Id == l.AlarmId));
        FilterByDevice<NotificationDeliveryAlarm>(builder, x => Set<Alarm>().Any(a => a.Id == x.AlarmId));
        FilterByDevice<NotificationGroupAlarm>(builder, x => Set<Alarm>().Any(a => a.Id == x.AlarmId));
        FilterByDevice<AlarmRoutingState>(builder, x => Set<Alarm>().Any(a => a.Id == x.AlarmId));
        FilterByDevice<GbDevice>(builder, g => Set<Device>().Any(d => d.Id == g.DeviceId));
        FilterByDevice<GbChannel>(builder, c => Set<Device>().Any(d => d.Id == c.OwnerDeviceId));
        FilterByDevice<GbRecordQuery>(builder, q => Set<Device>().Any(d => d.Id == q.OwnerDeviceId));
        FilterByDevice<GbRecordSegment>(builder, s => Set<GbRecordQuery>().Any(q => q.Id == s.QueryId));
        FilterByDevice<ReferenceImage>(builder, r => Set<Device>().Any(d => d.Id == r.DeviceId));
        FilterByDevice<DiagnosisResult>(builder, r => Set<Device>().Any(d => d.Id == r.DeviceId));
        FilterByDevice<DiagnosisFinding>(builder, f => Set<DiagnosisResult>().Any(r => r.Id == f.ResultId));
        FilterByDevice<DiagnosisDue>(builder, x => Set<Device>().Any(d => d.Id == x.DeviceId));
        FilterByDevice<RecordingChannelState>(builder, s => Set<Device>().Any(d => d.Id == s.DeviceId));
        FilterByDevice<RecordingDayCheck>(builder, c => Set<Device>().Any(d => d.Id == c.DeviceId));
        FilterByDevice<RecordingGap>(builder, g => Set<Device>().Any(d => d.Id == g.DeviceId));
        FilterByDevice<RecordedSpan>(builder, s => Set<RecordingDayCheck>().Any(c => c.Id == s.DayCheckId));
    }

    /// <summary>Adds <c>unrestricted || visible(entity)</c> as the entity's organization-scope filter.</summary>
    private void FilterByDevice<TEntity>(ModelBuilder builder, Expression<Func<TEntity, bool>> visible)
        where TEntity : class
    {
        Expression<Func<bool>> unrestricted = () => EF.Constant(ScopeOrganizationIds == null);
        var filter = Expression.Lambda<Func<TEntity, bool>>(
            Expression.OrElse(unrestricted.Body, visible.Body), visible.Parameters);
        builder.Entity<TEntity>().HasQueryFilter(OrganizationScopeFilter, filter);
    }
}

public static class OrganizationScopeQueryExtensions
{
    /// <summary>
    /// Reads past the organization scope, for system work that a user's request happens to trigger (caches,
    /// uniqueness checks, the monitoring directory). Every call site has a comment on why it may read every organization.
    /// </summary>
    public static IQueryable<T> IgnoreOrganizationScope<T>(this IQueryable<T> query)
        where T : class =>
        query.IgnoreQueryFilters([WatchkeeperDbContext.OrganizationScopeFilter]);
}
