using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Tickets;

/// <summary>Ticket attachments over HTTP: upload, list and download, the type and size checks, and who may do what.</summary>
public sealed class TicketAttachmentApiTests
{
    private static readonly Dictionary<string, string?> s_settings = new() { ["Tickets:ClockWorkerEnabled"] = "false" };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Upload_PhotoAndLog_ListedDownloadedAndLogged(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, s_settings);
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        await app.AddUserAsync("engineer", [BuiltInRoles.Engineer], [station]);
        using var engineer = await app.CreateClientAsAsync("engineer");
        var id = await CreateAsync(engineer, station);
        var photo = Jpeg(50_000);
        var log = Encoding.UTF8.GetBytes("2026-12-05 08:00:01 NVR-01 disk 3 SMART error\n2026-12-05 08:00:02 录像中断\n");

        var upload = await UploadAsync(engineer, id, ("大厅-故障照片.jpg", photo), ("nvr.log", log));

        upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync(Token));
        var list = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/attachments", Token);
        list.GetArrayLength().ShouldBe(2);
        var first = list[0];
        first.GetProperty("fileName").GetString().ShouldBe("大厅-故障照片.jpg");
        first.GetProperty("contentType").GetString().ShouldBe("image/jpeg");
        first.GetProperty("sizeBytes").GetInt64().ShouldBe(photo.Length);
        first.GetProperty("uploadedBy").GetString().ShouldBe("engineer");
        list[1].GetProperty("contentType").GetString().ShouldBe("text/plain");

        using var download = await engineer.GetAsync($"/api/v1/tickets/{id}/attachments/{first.GetProperty("id").GetInt64()}", Token);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync(Token)).ShouldBe(photo);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("大厅-故障照片.jpg");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var logId = list[1].GetProperty("id").GetInt64();
        (await engineer.GetByteArrayAsync($"/api/v1/tickets/{id}/attachments/{logId}", Token)).ShouldBe(log);
        File.ReadAllBytes(Path.Combine(app.DataDirectory, "attachments", "tickets", $"{id}", $"{logId}")).ShouldBe(log);

        var activities = await engineer.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/activities", Token);
        var attached = activities.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "AttachmentAdded").ToList();
        attached.Select(a => a.GetProperty("note").GetString()).ShouldBe(["大厅-故障照片.jpg", "nvr.log"]);
        attached.Select(a => a.GetProperty("newValue").GetString()).ShouldBe([$"{photo.Length}", $"{log.Length}"]);
        attached.ShouldAllBe(a => a.GetProperty("actor").GetString() == "engineer");
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Upload_OverLimits_RejectedNamingFileAndLimit(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?>(s_settings)
        {
            ["TicketAttachments:MaxFileBytes"] = "10240",
            ["TicketAttachments:MaxTicketBytes"] = "16384",
        });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        using var admin = await app.CreateAdminClientAsync();
        var id = await CreateAsync(admin, station);

        var tooLarge = await UploadAsync(admin, id, ("现场全景.jpg", Jpeg(10241)));
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var message = await tooLarge.Content.ReadAsStringAsync(Token);
        message.ShouldContain("ticket.attachment.file_too_large");
        message.ShouldContain("现场全景.jpg");
        message.ShouldContain("10 KiB");

        (await UploadAsync(admin, id, ("一号.jpg", Jpeg(9000)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticketFull = await UploadAsync(admin, id, ("二号.jpg", Jpeg(9000)));
        ticketFull.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var fullMessage = await ticketFull.Content.ReadAsStringAsync(Token);
        fullMessage.ShouldContain("ticket.attachment.ticket_too_large");
        fullMessage.ShouldContain("二号.jpg");
        fullMessage.ShouldContain("16 KiB");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/attachments", Token)).GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Upload_DisallowedOrDisguised_Rejected(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, s_settings);
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        using var admin = await app.CreateAdminClientAsync();
        var id = await CreateAsync(admin, station);
        var executable = Executable();

        var exe = await UploadAsync(admin, id, ("setup.exe", executable));
        var disguised = await UploadAsync(admin, id, ("photo.jpg", executable));
        var binaryLog = await UploadAsync(admin, id, ("dump.log", executable));

        exe.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var exeMessage = await exe.Content.ReadAsStringAsync(Token);
        exeMessage.ShouldContain("ticket.attachment.type");
        exeMessage.ShouldContain("setup.exe");
        disguised.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var disguisedMessage = await disguised.Content.ReadAsStringAsync(Token);
        disguisedMessage.ShouldContain("ticket.attachment.content");
        disguisedMessage.ShouldContain("photo.jpg");
        binaryLog.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/attachments", Token)).GetArrayLength().ShouldBe(0);
        var folder = Path.Combine(app.DataDirectory, "attachments");
        (Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Upload_HostileFileName_StoredUnderTicket(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, s_settings);
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        using var admin = await app.CreateAdminClientAsync();
        var id = await CreateAsync(admin, station);
        var photo = Jpeg(2000);

        var upload = await UploadAsync(admin, id, ("../../x.jpg", photo));

        upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync(Token));
        var attachment = (await upload.Content.ReadFromJsonAsync<JsonElement>(Token))[0];
        attachment.GetProperty("fileName").GetString().ShouldBe("../../x.jpg");
        using var download = await admin.GetAsync($"/api/v1/tickets/{id}/attachments/{attachment.GetProperty("id").GetInt64()}", Token);
        download.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("x.jpg");
        (await download.Content.ReadAsByteArrayAsync(Token)).ShouldBe(photo);
        var stored = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(photo)).ToList();
        stored.ShouldBe([Path.Combine(app.DataDirectory, "attachments", "tickets", $"{id}", $"{attachment.GetProperty("id").GetInt64()}")]);
        File.Exists(Path.Combine(app.DataDirectory, "x.jpg")).ShouldBeFalse();
        File.Exists(Path.Combine(Path.GetDirectoryName(app.DataDirectory)!, "x.jpg")).ShouldBeFalse();
    }

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task Access_OtherOrganizationViewerAndRequester_Enforced(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database, s_settings);
        var ledger = new TestLedger(app);
        var east = await ledger.AddOrganizationAsync("东区分局");
        var west = await ledger.AddOrganizationAsync("西区分局");
        var customerId = await app.AddUserAsync("customer", [BuiltInRoles.BusinessDepartment], [east]);
        await app.AddUserAsync("colleague", [BuiltInRoles.BusinessDepartment], [east]);
        await app.AddUserAsync("west-engineer", [BuiltInRoles.Engineer], [west]);
        using var admin = await app.CreateAdminClientAsync();
        using var customer = await app.CreateClientAsAsync("customer");
        using var colleague = await app.CreateClientAsAsync("colleague");
        using var westEngineer = await app.CreateClientAsAsync("west-engineer");
        var id = await PortalTickets.OpenAsync(app, customerId, east);
        var upload = await UploadAsync(admin, id, ("现场.png", Png()));
        var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>(Token))[0].GetProperty("id").GetInt64();

        (await UploadAsync(westEngineer, id, ("a.png", Png()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await westEngineer.GetAsync($"/api/v1/tickets/{id}/attachments", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await westEngineer.GetAsync($"/api/v1/tickets/{id}/attachments/{attachmentId}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var forbidden = await UploadAsync(colleague, id, ("b.png", Png()));
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadAsStringAsync(Token)).ShouldContain("ticket.attachment.forbidden");
        (await colleague.GetAsync($"/api/v1/tickets/{id}/attachments/{attachmentId}", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await UploadAsync(customer, id, ("补充照片.png", Png()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await customer.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/attachments", Token)).GetArrayLength().ShouldBe(2);
        (await customer.GetAsync($"/api/v1/tickets/{id}/attachments/999999", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_NoOrTooManyFiles_BadRequest()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database, new Dictionary<string, string?>(s_settings) { ["TicketAttachments:MaxFilesPerUpload"] = "2" });
        var station = await new TestLedger(app).AddOrganizationAsync("某派出所");
        using var admin = await app.CreateAdminClientAsync();
        var id = await CreateAsync(admin, station);

        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        var none = await admin.PostAsync($"/api/v1/tickets/{id}/attachments", form, Token);
        var three = await UploadAsync(admin, id, ("1.png", Png()), ("2.png", Png()), ("3.png", Png()));
        var empty = await UploadAsync(admin, id, ("空.png", []));

        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync(Token)).ShouldContain("ticket.attachment.missing");
        three.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await three.Content.ReadAsStringAsync(Token)).ShouldContain("ticket.attachment.too_many");
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync(Token)).ShouldContain("空.png");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}/attachments", Token)).GetArrayLength().ShouldBe(0);
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long ticketId, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }

        return await client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", form, Token);
    }

    /// <summary>Bytes that start like a JFIF JPEG file, followed by filler: the server checks the signature, not the picture.</summary>
    internal static byte[] Jpeg(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    /// <summary>The start of a Windows executable: the MZ header with its NUL padding.</summary>
    private static byte[] Executable()
    {
        var bytes = new byte[4096];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        bytes[2] = 0x90;
        return bytes;
    }

    private static async Task<long> CreateAsync(HttpClient client, long organizationId)
    {
        var response = await client.PostAsJsonAsync("/api/v1/tickets", new { title = "录像机硬盘告警", faultLevel = 3, organizationId }, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetInt64();
    }
}
