using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using Prometheus;
using Watchkeeper.Server.Alarms;
using Watchkeeper.Server.Alarms.Suppression;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Changes;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Components;
using Watchkeeper.Server.Components.Shared;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Demo;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Devices.Ledger;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Duty;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Server.Identity;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Identity.Users;
using Watchkeeper.Server.Kpi;
using Watchkeeper.Server.Metrics;
using Watchkeeper.Server.Monitoring;
using Watchkeeper.Server.Notifications.Routing;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Server.Recording;
using Watchkeeper.Server.Reports;
using Watchkeeper.Server.Security;
using Watchkeeper.Server.ServiceContracts;
using Watchkeeper.Server.Tickets;

if (AuditCommand.Matches(args))
{
    Environment.ExitCode = await AuditCommand.RunAsync(args[2..], Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// Serves the static assets of packages (MudBlazor) from the build output in every environment, so that
// `dotnet run` and the built program work without publishing.
builder.WebHost.UseStaticWebAssets();

var dataDirectory = StorageOptions.Resolve(builder.Configuration);
builder.AddWatchkeeperLogging(dataDirectory);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddWatchkeeperData(builder.Configuration, dataDirectory);
builder.Services.AddWatchkeeperDataProtection(builder.Configuration);
builder.Services.AddWatchkeeperIdentity(builder.Configuration);
builder.Services.AddConsoleAccess();
builder.Services.AddWatchkeeperSecurity(builder.Configuration);
builder.Services.AddWatchkeeperProbes();
builder.Services.AddMonitoring(builder.Configuration);
builder.Services.AddAlarms(builder.Configuration);
builder.Services.AddGb28181(builder.Configuration);
builder.Services.AddDiagnosis(builder.Configuration);
builder.Services.AddRecording(builder.Configuration);
builder.Services.AddDutyRoster(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddAlarmSuppression(builder.Configuration);
builder.Services.AddNotificationRouting(builder.Configuration);
builder.Services.AddBusinessCalendars();
builder.Services.AddTickets(builder.Configuration);
builder.Services.AddTicketAutomation(builder.Configuration);
builder.Services.AddServiceContracts();
builder.Services.AddChanges(builder.Configuration);
builder.Services.AddReports();
builder.Services.AddSingleton<OrganizationDirectory>();
builder.Services.AddScoped<OrganizationService>();
builder.Services.AddSingleton<CredentialProtector>();
builder.Services.AddScoped<DeviceService>();
builder.Services.AddScoped<DeviceQueries>();
builder.Services.AddLedger(builder.Configuration);
builder.Services.AddScoped<OnlineRateService>();
builder.Services.AddScoped<IntactRateService>();
builder.Services.AddScoped<MonitoringQueries>();
builder.Services.AddSingleton<FleetSummaryCache>();
builder.Services.AddDemoFleet(builder.Configuration);
builder.Services.AddMetricsEndpointAccess(builder.Configuration);
builder.Services.AddAudit();

builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi("v1");
builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddMudServices();
builder.Services.AddHttpContextAccessor();

var app = builder.Build();

await app.InitializeWatchkeeperAsync(dataDirectory);

var cultures = new[] { "zh-CN", "en" };
var localization = new RequestLocalizationOptions()
    .SetDefaultCulture("zh-CN")
    .AddSupportedCultures(cultures)
    .AddSupportedUICultures(cultures);

// The console is Chinese unless the user picks English with the culture switch (a cookie), whatever the
// browser's Accept-Language header requests.
localization.RequestCultureProviders = localization.RequestCultureProviders
    .Where(provider => provider is not AcceptLanguageHeaderRequestCultureProvider)
    .ToList();
app.UseRequestLocalization(localization);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWatchkeeperSecurity();
app.UseAuthentication();
app.UseMiddleware<AccessScopeMiddleware>();
app.UseAuthorization();
app.UseMiddleware<OrganizationParameterGuard>();
app.UseMiddleware<MustChangePasswordMiddleware>();
app.UseApiAntiforgery();
app.UseAntiforgery();
app.UseHttpMetrics();

// Stylesheets and scripts carry no data, and the sign-in page needs them before anyone has signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapAuthApi();
app.MapSecurityApi();
app.MapOrganizationsApi();
app.MapDevicesApi();
app.MapLedgerApi();
app.MapAlarmsApi();
app.MapSuppressionApi();
app.MapKpiApi();
app.MapIntactRateApi();
app.MapMonitoringApi();
app.MapGb28181Api();
app.MapGb28181SettingsApi();
app.MapDiagnosisApi();
app.MapRecordingApi();
app.MapDutyRosterApi();
app.MapCalendarsApi();
app.MapServiceContractsApi();
app.MapNotificationRoutingApi();
app.MapNotificationsApi();
app.MapTicketsApi();
app.MapTicketAutomationApi();
app.MapChangesApi();
app.MapReportsApi();
app.MapMetricsEndpoint();
app.MapAuditApi();
app.MapAccountEndpoints();
app.MapUsersApi();
app.MapAccountApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    app.Run();
}
catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Kestrel reports a taken port as a stack trace; the operator needs the address and the fix.
    Console.Error.WriteLine($"端口已被占用：{exception.Message} 请停止占用该端口的程序，或用 --urls http://127.0.0.1:端口 换一个端口。");
    Console.Error.WriteLine($"The port is already in use: {exception.Message} Stop the program that uses it, or choose another port with --urls http://127.0.0.1:PORT.");
    Environment.ExitCode = 2;
}

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
