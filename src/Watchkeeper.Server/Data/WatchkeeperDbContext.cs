using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Changes;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Duty;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Identity.PersonalAccessTokens;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Notifications.Templates;
using Watchkeeper.Server.Recording;
using Watchkeeper.Server.ServiceContracts;

using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Data;

/// <summary>
/// The platform's database. Each provider has a subclass that owns its migrations; the model is the same.
/// </summary>
public abstract partial class WatchkeeperDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser, ApplicationRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<UserOrganization> UserOrganizations => Set<UserOrganization>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<DeviceHealth> DeviceHealth => Set<DeviceHealth>();

    public DbSet<LatestProbeResult> LatestProbeResults => Set<LatestProbeResult>();

    public DbSet<StateInterval> StateIntervals => Set<StateInterval>();

    public DbSet<Alarm> Alarms => Set<Alarm>();

    public DbSet<AlarmActivity> AlarmActivities => Set<AlarmActivity>();

    public DbSet<MonitoringPolicy> MonitoringPolicies => Set<MonitoringPolicy>();

    public DbSet<PlatformSetting> PlatformSettings => Set<PlatformSetting>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<GbDevice> GbDevices => Set<GbDevice>();

    public DbSet<GbChannel> GbChannels => Set<GbChannel>();

    public DbSet<GbRecordQuery> GbRecordQueries => Set<GbRecordQuery>();

    public DbSet<GbRecordSegment> GbRecordSegments => Set<GbRecordSegment>();

    public DbSet<DiagnosisPlan> DiagnosisPlans => Set<DiagnosisPlan>();

    public DbSet<ReferenceImage> ReferenceImages => Set<ReferenceImage>();

    public DbSet<DiagnosisResult> DiagnosisResults => Set<DiagnosisResult>();

    public DbSet<DiagnosisFinding> DiagnosisFindings => Set<DiagnosisFinding>();

    public DbSet<DiagnosisDue> DiagnosisDue => Set<DiagnosisDue>();

    public DbSet<RecordingPolicy> RecordingPolicies => Set<RecordingPolicy>();

    public DbSet<RecordingChannelState> RecordingChannelStates => Set<RecordingChannelState>();

    public DbSet<RecordingDayCheck> RecordingDayChecks => Set<RecordingDayCheck>();

    public DbSet<RecordingGap> RecordingGaps => Set<RecordingGap>();

    public DbSet<RecordedSpan> RecordedSpans => Set<RecordedSpan>();

    public DbSet<DutyTeam> DutyTeams => Set<DutyTeam>();

    public DbSet<DutyShift> DutyShifts => Set<DutyShift>();

    public DbSet<HandoverNote> HandoverNotes => Set<HandoverNote>();

    public DbSet<AlarmIncident> AlarmIncidents => Set<AlarmIncident>();

    public DbSet<AlarmLink> AlarmLinks => Set<AlarmLink>();

    public DbSet<SeverityRule> SeverityRules => Set<SeverityRule>();

    public DbSet<NotificationChannel> NotificationChannels => Set<NotificationChannel>();

    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();

    public DbSet<NotificationDeliveryAlarm> NotificationDeliveryAlarms => Set<NotificationDeliveryAlarm>();

    public DbSet<CalendarDefinition> BusinessCalendars => Set<CalendarDefinition>();

    public DbSet<NotificationRule> NotificationRules => Set<NotificationRule>();

    public DbSet<ReceiverGroup> ReceiverGroups => Set<ReceiverGroup>();

    public DbSet<EscalationPolicy> EscalationPolicies => Set<EscalationPolicy>();

    public DbSet<NotificationGroup> NotificationGroups => Set<NotificationGroup>();

    public DbSet<NotificationGroupAlarm> NotificationGroupAlarms => Set<NotificationGroupAlarm>();

    public DbSet<AlarmRoutingState> AlarmRoutingStates => Set<AlarmRoutingState>();

    public DbSet<MaintenanceWindow> MaintenanceWindows => Set<MaintenanceWindow>();

    public DbSet<Silence> Silences => Set<Silence>();

    public DbSet<NotificationTemplateOverride> NotificationTemplateOverrides => Set<NotificationTemplateOverride>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketActivity> TicketActivities => Set<TicketActivity>();

    public DbSet<TicketDevice> TicketDevices => Set<TicketDevice>();

    public DbSet<TicketAlarm> TicketAlarms => Set<TicketAlarm>();

    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();

    public DbSet<TicketRule> TicketRules => Set<TicketRule>();

    public DbSet<TicketAlarmOrigin> TicketAlarmOrigins => Set<TicketAlarmOrigin>();

    public DbSet<EngineerSkill> EngineerSkills => Set<EngineerSkill>();

    public DbSet<ServiceContract> ServiceContracts => Set<ServiceContract>();

    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();

    public DbSet<FaultLevelDefinition> FaultLevels => Set<FaultLevelDefinition>();

    public DbSet<ChangeRequest> ChangeRequests => Set<ChangeRequest>();

    public DbSet<ChangeActivity> ChangeActivities => Set<ChangeActivity>();

    public DbSet<ChangeApproval> ChangeApprovals => Set<ChangeApproval>();

    public DbSet<ChangeDelegation> ChangeDelegations => Set<ChangeDelegation>();

    public DbSet<ChangeBackup> ChangeBackups => Set<ChangeBackup>();

    public DbSet<ChangeTrialRun> ChangeTrialRuns => Set<ChangeTrialRun>();

    public DbSet<ChangeNotice> ChangeNotices => Set<ChangeNotice>();

    public DbSet<ChangePlanVersion> ChangePlanVersions => Set<ChangePlanVersion>();

    public DbSet<ChangeVersionRecord> ChangeVersionRecords => Set<ChangeVersionRecord>();

    public DbSet<ChangeApprovalChain> ChangeApprovalChains => Set<ChangeApprovalChain>();

    public DbSet<ChangeTemplate> ChangeTemplates => Set<ChangeTemplate>();

    public DbSet<ChangeFreezePeriod> ChangeFreezePeriods => Set<ChangeFreezePeriod>();

    public DbSet<ChangeAttachment> ChangeAttachments => Set<ChangeAttachment>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WatchkeeperDbContext).Assembly, t => t.Namespace?.StartsWith("Watchkeeper.Server", StringComparison.Ordinal) == true);
        AddOrganizationScopeFilters(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // Enums are stored by name so that the database reads well and reordering a member is harmless.
        configurationBuilder.Properties<DeviceKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<HealthState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<OfflineCause>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ProbeKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ProbeStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ProbeReason>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AlarmType>().HaveConversion<string>().HaveMaxLength(48);
        configurationBuilder.Properties<AlarmSeverity>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlarmState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlarmAction>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>The embedded SQLite database, the default on a fresh machine.</summary>
public sealed class SqliteWatchkeeperDbContext(DbContextOptions<SqliteWatchkeeperDbContext> options) : WatchkeeperDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date type: EF stores DateTimeOffset as text that cannot be compared or ordered in SQL.
        // Unix milliseconds (UTC) compare and sort as numbers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}

/// <summary>PostgreSQL, the production database.</summary>
public sealed class PostgreSqlWatchkeeperDbContext(DbContextOptions<PostgreSqlWatchkeeperDbContext> options) : WatchkeeperDbContext(options);
