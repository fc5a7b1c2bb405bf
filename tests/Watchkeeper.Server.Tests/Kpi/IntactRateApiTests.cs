using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Diagnosis;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Kpi;

public sealed class IntactRateApiTests
{
    private static readonly DateTimeOffset From = TestLedger.Start;
    private static readonly DateTimeOffset To = From.AddHours(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task IntactRate_Organization_IsExact(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var ledger = new TestLedger(app);
        var city = await ledger.AddOrganizationAsync("某市公安局");
        var other = await ledger.AddOrganizationAsync("供电公司");
        var faulty = await ledger.AddDeviceAsync("CAM-1", city);
        var offline = await ledger.AddDeviceAsync("CAM-2", city);
        var silent = await ledger.AddDeviceAsync("CAM-3", city);
        var elsewhere = await ledger.AddDeviceAsync("CAM-4", other);
        var network = await ledger.AddDeviceAsync("SW-1", city, DeviceKind.Switch);
        await ledger.AddIntervalAsync(faulty, HealthState.Online, From, To);
        await AddResultAsync(app, faulty, From.AddHours(-1), DiagnosisStatus.Analyzed, detected: false);
        await AddResultAsync(app, faulty, From.AddHours(2), DiagnosisStatus.Analyzed, detected: true);
        await AddResultAsync(app, faulty, From.AddHours(5), DiagnosisStatus.Analyzed, detected: false);
        await ledger.AddIntervalAsync(offline, HealthState.Online, From, From.AddHours(4));
        await ledger.AddIntervalAsync(offline, HealthState.Offline, From.AddHours(4), To);
        await ledger.AddIntervalAsync(silent, HealthState.Degraded, From, To);
        await AddResultAsync(app, silent, From.AddHours(1), DiagnosisStatus.NoFrame, detected: false);
        await ledger.AddIntervalAsync(elsewhere, HealthState.Offline, From, To);
        await ledger.AddIntervalAsync(network, HealthState.Offline, From, To);
        using var client = await app.CreateAdminClientAsync();

        var body = await client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/kpi/intact-rate?from={Uri.EscapeDataString(From.ToString("O"))}&to={Uri.EscapeDataString(To.ToString("O"))}&organizationId={city}", Token);

        // Intact: 7 h of CAM-1, 4 h of CAM-2 before its first round, 1 h of CAM-3 before its frames stopped; 12 h of 30 h.
        body.GetProperty("intactRate").GetDouble().ShouldBe(0.4);
        body.GetProperty("intactSeconds").GetDouble().ShouldBe(12 * 3600);
        body.GetProperty("monitoredSeconds").GetDouble().ShouldBe(30 * 3600);
        body.GetProperty("faultSeconds").GetDouble().ShouldBe(12 * 3600);
        body.GetProperty("deviceCount").GetInt32().ShouldBe(3);
        body.GetProperty("breakdown").GetProperty("noFrame").GetInt32().ShouldBe(1);
        body.GetProperty("breakdown").GetProperty("offline").GetInt32().ShouldBe(1);
        body.GetProperty("definition").GetString()!.ShouldContain("完好率");
    }

    [Fact]
    public async Task IntactRate_ReversedPeriod_IsRejected()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();

        var response = await client.GetAsync(
            $"/api/v1/kpi/intact-rate?from={Uri.EscapeDataString(To.ToString("O"))}&to={Uri.EscapeDataString(From.ToString("O"))}", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task AddResultAsync(WatchkeeperApp app, long deviceId, DateTimeOffset at, DiagnosisStatus status, bool detected)
    {
        await using var db = app.CreateDbContext();
        db.DiagnosisResults.Add(new DiagnosisResult
        {
            DeviceId = deviceId,
            StartedAt = at.AddSeconds(-2),
            CompletedAt = at,
            Status = status,
            DetectedCount = detected ? 1 : 0,
            Findings = detected ? [new DiagnosisFinding { Kind = DiagnosisKind.Blur, Detected = true, Score = 0.9 }] : [],
        });
        await db.SaveChangesAsync(Token);
    }
}
