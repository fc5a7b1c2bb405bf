using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Audit.AuditHarness;

namespace Watchkeeper.Server.Tests.Audit;

public sealed partial class AuditCaptureTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task DeviceChanges_RecordBeforeAfterWithPasswordMasked(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);

        var deviceId = await CreateDeviceAsync(client, organizationId, "CAM-001", password: "secret-1");
        (await client.PutAsJsonAsync($"/api/v1/devices/{deviceId}", DeviceBody(organizationId, "CAM-001", "人民路口-02", "secret-2"), Cancellation)).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/api/v1/devices/{deviceId}", Cancellation)).EnsureSuccessStatusCode();

        var entries = (await EntriesAsync(app)).Where(e => e.EntityType == nameof(Device)).ToList();
        entries.Select(e => e.Action).ShouldBe([AuditActions.EntityCreate, AuditActions.EntityUpdate, AuditActions.EntityDelete]);
        entries.ShouldAllBe(e => e.EntityId == deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        entries.ShouldAllBe(e => e.UserName == "admin" && e.UserId != null && e.Channel == AuditChannel.Api);

        var created = JsonDocument.Parse(entries[0].After!).RootElement;
        created.GetProperty("Code").GetString().ShouldBe("CAM-001");
        created.GetProperty("EncryptedPassword").GetString().ShouldBe(AuditRedaction.Mask);
        entries[0].Before.ShouldBeNull();

        var updateBefore = JsonDocument.Parse(entries[1].Before!).RootElement;
        var updateAfter = JsonDocument.Parse(entries[1].After!).RootElement;
        updateBefore.GetProperty("Name").GetString().ShouldBe("人民路口-01");
        updateAfter.GetProperty("Name").GetString().ShouldBe("人民路口-02");
        updateAfter.GetProperty("EncryptedPassword").GetString().ShouldBe(AuditRedaction.Mask);
        updateAfter.TryGetProperty("Code", out _).ShouldBeFalse();

        var deleted = JsonDocument.Parse(entries[2].Before!).RootElement;
        deleted.GetProperty("Name").GetString().ShouldBe("人民路口-02");
        entries[2].After.ShouldBeNull();

        var stored = string.Join('\n', entries.Select(e => e.Before + e.After));
        stored.ShouldNotContain("secret-1");
        stored.ShouldNotContain("secret-2");
        stored.ShouldNotContain("CfDJ8");
    }

    [Fact]
    public async Task ConsoleSignIn_Succeeded_RecordsRemoteAddress()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = StartOnKestrel(database);

        await PostSignInAsync(app, "admin", WatchkeeperApp.AdminPassword);

        var entry = (await EntriesAsync(app)).Single();
        entry.Action.ShouldBe(AuditActions.SignIn);
        entry.Outcome.ShouldBe(AuditOutcome.Success);
        entry.Channel.ShouldBe(AuditChannel.Console);
        entry.RemoteAddress.ShouldBe("127.0.0.1");
        entry.UserName.ShouldBe("admin");
        entry.UserId.ShouldNotBeNull();
    }

    [Fact]
    public async Task ConsoleSignIn_WrongPassword_RecordsFailure()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = StartOnKestrel(database);

        await PostSignInAsync(app, "admin", "Wrong-Password-1");

        var entry = (await EntriesAsync(app)).Single();
        entry.Action.ShouldBe(AuditActions.SignInFailed);
        entry.Outcome.ShouldBe(AuditOutcome.Failure);
        entry.Channel.ShouldBe(AuditChannel.Console);
        entry.RemoteAddress.ShouldBe("127.0.0.1");
        entry.UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task ConsoleSignIn_UnknownUser_RecordsTriedName()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = StartOnKestrel(database);

        await PostSignInAsync(app, "nobody", "Wrong-Password-1");

        var entry = (await EntriesAsync(app)).Single();
        entry.Action.ShouldBe(AuditActions.SignInFailed);
        entry.UserName.ShouldBe("nobody");
        entry.UserId.ShouldBeNull();
        entry.RemoteAddress.ShouldBe("127.0.0.1");
    }

    [Fact]
    public async Task TokenRequest_Issued_RecordsApiSignIn()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = StartOnKestrel(database);

        using var client = await app.CreateAdminClientAsync();

        var entry = (await EntriesAsync(app)).Single();
        entry.Action.ShouldBe(AuditActions.SignIn);
        entry.Channel.ShouldBe(AuditChannel.Api);
        entry.RemoteAddress.ShouldBe("127.0.0.1");
        entry.UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task TokenRequest_RepeatedWrongPasswords_RecordsLockout()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = app.CreateClient();

        for (var attempt = 0; attempt < 11; attempt++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = "Wrong-Password-1" }, Cancellation);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var actions = (await EntriesAsync(app)).Select(e => e.Action).ToList();
        actions.Count(a => a == AuditActions.SignInFailed).ShouldBe(10);
        actions.Count(a => a == AuditActions.Lockout).ShouldBe(1);
        actions.ShouldAllBe(a => a != AuditActions.EntityUpdate && a != AuditActions.PermissionChange);
    }

    [Fact]
    public async Task LedgerExport_RecordsRowCount()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        await CreateDeviceAsync(client, organizationId, "CAM-001");
        await CreateDeviceAsync(client, organizationId, "CAM-002");

        (await client.GetAsync("/api/v1/devices/export?format=csv&kind=Camera", Cancellation)).EnsureSuccessStatusCode();

        var entry = (await EntriesAsync(app)).Single(e => e.Action == AuditActions.Export);
        entry.EntityType.ShouldBe(nameof(Device));
        entry.UserName.ShouldBe("admin");
        var details = JsonDocument.Parse(entry.After!).RootElement;
        details.GetProperty("rowCount").GetInt32().ShouldBe(2);
        details.GetProperty("format").GetString().ShouldBe("csv");
        details.GetProperty("filter").GetProperty("kind").GetString().ShouldBe("Camera");
    }

    /// <summary>Posts the console's sign-in form as a browser does, with the antiforgery token of the form.</summary>
    private static async Task PostSignInAsync(WatchkeeperApp app, string userName, string password)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = app.ClientOptions.BaseAddress });
        var form = await client.GetStringAsync("/account/login", Cancellation);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }), Cancellation);
        ((int)response.StatusCode).ShouldBeLessThan(400);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
