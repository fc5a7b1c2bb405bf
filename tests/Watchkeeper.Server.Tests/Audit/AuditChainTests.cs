using System.Data.Common;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Core.Devices;
using Watchkeeper.Server.Audit;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;
using static Watchkeeper.Server.Tests.Audit.AuditHarness;

namespace Watchkeeper.Server.Tests.Audit;

public sealed class AuditChainTests
{
    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Verify_AfterApiChanges_IsIntact(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        var deviceId = await CreateDeviceAsync(client, organizationId, "CAM-001");
        (await client.PutAsJsonAsync($"/api/v1/devices/{deviceId}", DeviceBody(organizationId, "CAM-001", "人民路口-02", null), Cancellation)).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/api/v1/devices/{deviceId}", Cancellation)).EnsureSuccessStatusCode();

        var result = await VerifyAsync(client);

        var entries = await EntriesAsync(app);
        result.GetProperty("intact").GetBoolean().ShouldBeTrue(result.ToString());
        result.GetProperty("checked").GetInt64().ShouldBe(entries.Count);
        entries.Select(e => e.Id).ShouldBe(Enumerable.Range(1, entries.Count).Select(i => (long)i));
        entries.Count(e => e.EntityType == nameof(Device)).ShouldBe(3);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Verify_TamperedRow_ReportsItsId(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        await CreateDeviceAsync(client, organizationId, "CAM-001");
        await CreateDeviceAsync(client, organizationId, "CAM-002");
        var target = (await EntriesAsync(app)).Single(e => e.EntityType == "Device" && e.After?.Contains("CAM-001", StringComparison.Ordinal) == true);

        // An attacker with database access removes the trigger and rewrites who made the change.
        var dropTrigger = provider == DatabaseProvider.PostgreSql
            ? $"DROP TRIGGER {AuditSchema.RejectUpdateTrigger} ON audit_entries"
            : $"DROP TRIGGER {AuditSchema.RejectUpdateTrigger}";
        await ExecuteSqlAsync(app, dropTrigger);
        await ExecuteSqlAsync(app, $"UPDATE audit_entries SET user_name = 'someone-else' WHERE id = {target.Id}");
        var result = await VerifyAsync(client);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenId").GetInt64().ShouldBe(target.Id);
        result.GetProperty("checked").GetInt64().ShouldBe(target.Id - 1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Triggers_UpdateOfEntry_IsRejected(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();

        var exception = await Should.ThrowAsync<DbException>(() => ExecuteSqlAsync(app, "UPDATE audit_entries SET summary = 'changed'"));

        exception.Message.ShouldContain(AuditSchema.RejectionMessage);
        (await VerifyAsync(client)).GetProperty("intact").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Triggers_DeleteOfEntry_IsRejected(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var before = (await EntriesAsync(app)).Count;

        var exception = await Should.ThrowAsync<DbException>(() => ExecuteSqlAsync(app, "DELETE FROM audit_entries"));

        exception.Message.ShouldContain(AuditSchema.RejectionMessage);
        before.ShouldBeGreaterThan(0);
        (await EntriesAsync(app)).Count.ShouldBe(before);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Triggers_DeleteOfChainHead_IsRejected(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);

        var exception = await Should.ThrowAsync<DbException>(() => ExecuteSqlAsync(app, "DELETE FROM audit_chain_head"));

        exception.Message.ShouldContain(AuditSchema.RejectionMessage);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task ParallelApiWrites_KeepChainIntact(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            client.PostAsJsonAsync("/api/v1/devices", DeviceBody(organizationId, $"CAM-{i:000}", $"点位-{i}", $"secret-{i}"), Cancellation)));

        responses.ShouldAllBe(r => r.IsSuccessStatusCode);
        var entries = await EntriesAsync(app);
        entries.Count(e => e.Action == AuditActions.EntityCreate && e.EntityType == nameof(Device)).ShouldBe(20);
        var result = await VerifyAsync(client);
        result.GetProperty("intact").GetBoolean().ShouldBeTrue(result.ToString());
        result.GetProperty("checked").GetInt64().ShouldBe(entries.Count);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task FailedSaveChanges_LeavesNoEntry(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        await CreateDeviceAsync(client, organizationId, "CAM-001");
        var before = await EntriesAsync(app);

        // A save on behalf of a user that violates the unique device code.
        OrganizationScope.Current = OrganizationScope.Unrestricted;
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<WatchkeeperDbContext>>().CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.Devices.Add(new Device { Code = "CAM-001", Name = "重复", OrganizationId = organizationId, CreatedAt = now, UpdatedAt = now });
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancellation));
        }

        OrganizationScope.Current = null;

        (await EntriesAsync(app)).Count.ShouldBe(before.Count);
        (await VerifyAsync(client)).GetProperty("intact").GetBoolean().ShouldBeTrue();
        await CreateDeviceAsync(client, organizationId, "CAM-002");
        (await VerifyAsync(client)).GetProperty("intact").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task BackgroundSave_WithoutUser_IsNotRecorded(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        using var client = await app.CreateAdminClientAsync();
        var organizationId = await CreateOrganizationAsync(client);
        var before = (await EntriesAsync(app)).Count;

        OrganizationScope.Current = null;
        await using (var db = app.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            db.Devices.Add(new Device { Code = "CAM-BG", Name = "后台", OrganizationId = organizationId, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync(Cancellation);
        }

        (await EntriesAsync(app)).Count.ShouldBe(before);
    }
}
