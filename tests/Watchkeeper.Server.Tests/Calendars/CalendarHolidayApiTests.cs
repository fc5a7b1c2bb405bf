using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Calendars.PublicHolidays;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Server.Tests.Calendars;

/// <summary>Applying the shipped public holidays, iCalendar import and export, and their permissions, through the API.</summary>
public sealed class CalendarHolidayApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string Feed() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Calendars", "Fixtures", "cn-holidays-2026-feed.ics"));

    [Fact]
    public async Task ApplyPublicHolidays_NewCalendar_AddsYear()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var id = await CreateCalendarAsync(client, [], []);

        var report = await SendAsync(client, HttpMethod.Post, $"/api/v1/calendars/{id}/public-holidays/2026", null, HttpStatusCode.OK);

        // 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 days off; make-up days 01-04, 02-14, 02-28, 05-09, 09-20, 10-10.
        report.GetProperty("addedHolidays").GetArrayLength().ShouldBe(33);
        Strings(report.GetProperty("addedMakeUpWorkingDays")).ShouldBe(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
        report.GetProperty("conflicts").GetArrayLength().ShouldBe(0);
        var calendar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}", Cancellation);
        Strings(calendar.GetProperty("holidays")).ShouldContain("2026-02-15");
        Strings(calendar.GetProperty("holidays")).ShouldContain("2026-10-07");
    }

    [Fact]
    public async Task ApplyPublicHolidays_OppositeDate_Reported()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var id = await CreateCalendarAsync(client, holidays: ["2026-10-10"], makeUpDays: ["2026-10-01"]);

        var report = await SendAsync(client, HttpMethod.Post, $"/api/v1/calendars/{id}/public-holidays/2026", null, HttpStatusCode.OK);

        var conflicts = report.GetProperty("conflicts").EnumerateArray().ToList();
        conflicts.Select(c => c.GetProperty("date").GetString()).ShouldBe(["2026-10-01", "2026-10-10"]);
        conflicts[0].GetProperty("listedAs").GetString().ShouldBe("MakeUpWorkingDay");
        conflicts[0].GetProperty("message").GetString()!.ShouldContain("2026-10-01");
        report.GetProperty("addedHolidays").GetArrayLength().ShouldBe(32);
        var calendar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}", Cancellation);
        Strings(calendar.GetProperty("makeUpWorkingDays")).ShouldContain("2026-10-01");
        Strings(calendar.GetProperty("makeUpWorkingDays")).ShouldNotContain("2026-10-10");
        Strings(calendar.GetProperty("holidays")).ShouldContain("2026-10-10");
    }

    [Fact]
    public async Task ApplyPublicHolidays_Twice_SecondAddsNothing()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var id = await CreateCalendarAsync(client, [], []);
        await SendAsync(client, HttpMethod.Post, $"/api/v1/calendars/{id}/public-holidays/2025", null, HttpStatusCode.OK);

        var report = await SendAsync(client, HttpMethod.Post, $"/api/v1/calendars/{id}/public-holidays/2025", null, HttpStatusCode.OK);

        report.GetProperty("addedHolidays").GetArrayLength().ShouldBe(0);
        report.GetProperty("addedMakeUpWorkingDays").GetArrayLength().ShouldBe(0);

        // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off and 5 make-up days.
        report.GetProperty("unchangedCount").GetInt32().ShouldBe(33);
    }

    [Fact]
    public async Task ApplyPublicHolidays_UnknownYear_NotFound()
    {
        var client = await shared.App.CreateAdminClientAsync();

        var problem = await SendAsync(client, HttpMethod.Post, "/api/v1/calendars/1/public-holidays/2031", null, HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString()!.ShouldContain("2031");
        problem.GetProperty("detail").GetString()!.ShouldContain("2025, 2026");
    }

    [Fact]
    public async Task PublicHolidays_List_NamesNotices()
    {
        var client = await shared.App.CreateAdminClientAsync();

        var years = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendars/public-holidays", Cancellation);

        years.EnumerateArray().Select(y => y.GetProperty("year").GetInt32()).ShouldBe([2025, 2026]);
        years[0].GetProperty("notice").GetProperty("number").GetString().ShouldBe("国办发明电〔2024〕12号");
        years[1].GetProperty("holidays")[1].GetProperty("nameEn").GetString().ShouldBe("Spring Festival");
    }

    [Fact]
    public async Task Import_Feed_AddsDaysAndListsSkipped()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var id = await CreateCalendarAsync(client, [], []);

        var report = await ImportAsync(client, id, Feed(), HttpStatusCode.OK);

        report.GetProperty("addedHolidays").GetArrayLength().ShouldBe(12);
        Strings(report.GetProperty("addedMakeUpWorkingDays")).ShouldBe(["2026-01-04", "2026-02-14", "2026-02-28"]);
        var skipped = report.GetProperty("skipped").EnumerateArray().ShouldHaveSingleItem();
        skipped.GetProperty("line").GetInt32().ShouldBe(57);
        skipped.GetProperty("summary").GetString().ShouldBe("单位春节联欢会");
        var calendar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}", Cancellation);
        Strings(calendar.GetProperty("holidays")).ShouldBe([
            "2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
            "2026-02-21", "2026-02-22", "2026-02-23",
        ]);
    }

    [Fact]
    public async Task Import_BrokenDtstartAfterGoodEvents_WritesNothing()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var id = await CreateCalendarAsync(client, [], []);
        var text = Feed().Replace("DTSTART;VALUE=DATE:20260228", "DTSTART;VALUE=DATE:2026-02-28", StringComparison.Ordinal);

        var problem = await ImportAsync(client, id, text, HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("2026-02-28");
        problem.GetProperty("detail").GetString()!.ShouldContain("line 67");
        var calendar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}", Cancellation);
        calendar.GetProperty("holidays").GetArrayLength().ShouldBe(0);
        calendar.GetProperty("makeUpWorkingDays").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Import_NotICalendar_Rejected()
    {
        var client = await shared.App.CreateAdminClientAsync();

        var problem = await ImportAsync(client, 1, "日期,名称\n2026-10-01,国庆节\n", HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("BEGIN:VCALENDAR");
    }

    [Fact]
    public async Task Import_MoreDatesThanMax_WritesNothing()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var id = await CreateCalendarAsync(client, [], []);
        var text = "BEGIN:VCALENDAR\r\n"
            + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300101\r\nDURATION:P300D\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20310101\r\nDURATION:P300D\r\nEND:VEVENT\r\n"
            + "END:VCALENDAR\r\n";

        var problem = await ImportAsync(client, id, text, HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain("600");
        problem.GetProperty("detail").GetString()!.ShouldContain(CalendarService.MaxDates.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var calendar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}", Cancellation);
        calendar.GetProperty("holidays").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Import_OverSizeLimit_Rejected()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var padding = string.Concat(Enumerable.Repeat("X-PADDING:" + new string('x', 1000) + "\r\n", CalendarDateService.MaxImportBytes / 1000));
        var text = "BEGIN:VCALENDAR\r\n" + padding + "END:VCALENDAR\r\n";

        var problem = await ImportAsync(client, 1, text, HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString()!.ShouldContain("512 KB");
    }

    [Fact]
    public async Task Import_NotUtf8_Rejected()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var gbk = new byte[] { 0x42, 0x45, 0x47, 0x49, 0x4E, 0x3A, 0x56, 0x43, 0x41, 0x4C, 0x0D, 0x0A, 0xB9, 0xFA, 0xC7, 0xEC };
        using var content = new ByteArrayContent(gbk);
        content.Headers.ContentType = new("text/calendar");

        var response = await client.PostAsync("/api/v1/calendars/1/import", content, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldContain("UTF-8");
    }

    [Fact]
    public async Task Import_UnknownCalendar_NotFound()
    {
        var client = await shared.App.CreateAdminClientAsync();

        await ImportAsync(client, 999_999, Feed(), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_DefaultCalendar_ImportsBackIdentically()
    {
        var client = await shared.App.CreateAdminClientAsync();
        var source = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendars/1", Cancellation);

        var response = await client.GetAsync("/api/v1/calendars/1/export.ics", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("calendar-1.ics");
        var exported = await response.Content.ReadAsStringAsync(Cancellation);
        var id = await CreateCalendarAsync(client, [], []);
        var report = await ImportAsync(client, id, exported, HttpStatusCode.OK);

        exported.ShouldContain("SUMMARY:春节 Spring Festival");
        report.GetProperty("skipped").GetArrayLength().ShouldBe(0);
        var copy = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{id}", Cancellation);
        Strings(copy.GetProperty("holidays")).ShouldBe(Strings(source.GetProperty("holidays")));
        Strings(copy.GetProperty("makeUpWorkingDays")).ShouldBe(Strings(source.GetProperty("makeUpWorkingDays")));
        Strings(copy.GetProperty("holidays")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Endpoints_ViewOnlyUser_ReadsButCannotWrite()
    {
        var userName = "calendar-viewer-" + Guid.NewGuid().ToString("N")[..8];
        await shared.App.AddUserAsync(userName, [BuiltInRoles.Engineer]);
        var client = await shared.App.CreateClientAsAsync(userName);

        (await client.GetAsync("/api/v1/calendars/1/export.ics", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/calendars/public-holidays", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync("/api/v1/calendars/1/public-holidays/2026", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await ImportAsync(client, 1, Feed(), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OpenApi_Document_ListsHolidayEndpoints()
    {
        var client = await shared.App.CreateAdminClientAsync();

        var document = await client.GetStringAsync("/openapi/v1.json", Cancellation);

        document.ShouldContain("/api/v1/calendars/public-holidays");
        document.ShouldContain("/api/v1/calendars/{id}/public-holidays/{year}");
        document.ShouldContain("/api/v1/calendars/{id}/import");
        document.ShouldContain("/api/v1/calendars/{id}/export.ics");
    }

    private static async Task<long> CreateCalendarAsync(HttpClient client, string[] holidays, string[] makeUpDays)
    {
        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/calendars", new
        {
            name = "测试日历 " + Guid.NewGuid().ToString("N")[..8],
            timeZone = "Asia/Shanghai",
            workingHours = new[] { new { day = "Monday", start = "09:00", end = "18:00" } },
            holidays,
            makeUpWorkingDays = makeUpDays,
        }, HttpStatusCode.Created);
        return created.GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> ImportAsync(HttpClient client, long id, string text, HttpStatusCode expected)
    {
        using var content = new StringContent(text, Encoding.UTF8, "text/calendar");
        var response = await client.PostAsync($"/api/v1/calendars/{id}/import", content, Cancellation);
        return await ReadAsync(response, expected);
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return await ReadAsync(await client.SendAsync(request, Cancellation), expected);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}

/// <summary>The default calendar's shipped holidays on a new database and after a user's edits.</summary>
public sealed class DefaultCalendarHolidayTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(BothDatabases))]
    public async Task DefaultCalendar_NewDatabase_HasShippedHolidays(DatabaseProvider provider)
    {
        using var database = TestDatabase.Create(provider);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();

        var calendar = await client.GetFromJsonAsync<JsonElement>("/api/v1/calendars/1", Cancellation);

        // 28 days off in 2025 and 33 in 2026; 5 and 6 make-up working days.
        calendar.GetProperty("holidays").GetArrayLength().ShouldBe(61);
        calendar.GetProperty("makeUpWorkingDays").GetArrayLength().ShouldBe(11);
        await using var db = app.CreateDbContext();
        var loaded = await CalendarService.LoadAsync(db, null, Cancellation);
        loaded.IsWorkingTime(new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.FromHours(8))).ShouldBeTrue();
        loaded.IsWorkingTime(new DateTimeOffset(2026, 2, 16, 10, 0, 0, TimeSpan.FromHours(8))).ShouldBeFalse();
    }

    [Fact]
    public async Task Seeder_RunAgainAfterUserEdit_KeepsEdit()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        var client = await app.CreateAdminClientAsync();
        var calendar = await client.GetFromJsonAsync<CalendarView>("/api/v1/calendars/1", Cancellation);
        var input = new CalendarInput(calendar!.Name, calendar.TimeZone, calendar.WorkingHours,
            [.. calendar.Holidays.Where(d => d != "2026-10-07")], calendar.MakeUpWorkingDays);
        (await client.PutAsJsonAsync("/api/v1/calendars/1", input, Cancellation)).EnsureSuccessStatusCode();

        await SeederOf(app).SeedAsync(Cancellation);

        var after = await client.GetFromJsonAsync<CalendarView>("/api/v1/calendars/1", Cancellation);
        after!.Holidays.ShouldNotContain("2026-10-07");
        after.Holidays.Count.ShouldBe(60);
    }

    [Fact]
    public async Task Seeder_ExistingCalendarWithoutMarker_MergesWithoutFlipping()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var app = new WatchkeeperApp(database);
        await using (var db = app.CreateDbContext())
        {
            // A database from before the holidays shipped: a user's own dates and no record of seeded years.
            await db.PlatformSettings.Where(s => s.Key == DefaultCalendarHolidaySeeder.SettingKey).ExecuteDeleteAsync(Cancellation);
            var calendar = await db.BusinessCalendars.SingleAsync(c => c.Id == CalendarDefinition.DefaultId, Cancellation);
            calendar.Holidays = [new DateOnly(2026, 10, 10), new DateOnly(2026, 12, 31)];
            calendar.MakeUpWorkingDays = [];
            await db.SaveChangesAsync(Cancellation);
        }

        await SeederOf(app).SeedAsync(Cancellation);

        await using var check = app.CreateDbContext();
        var merged = await check.BusinessCalendars.SingleAsync(c => c.Id == CalendarDefinition.DefaultId, Cancellation);
        merged.Holidays.ShouldContain(new DateOnly(2026, 10, 10));
        merged.Holidays.ShouldContain(new DateOnly(2026, 12, 31));
        merged.Holidays.ShouldContain(new DateOnly(2025, 1, 28));
        merged.MakeUpWorkingDays.ShouldNotContain(new DateOnly(2026, 10, 10));
        merged.MakeUpWorkingDays.Count.ShouldBe(10);
        (await check.PlatformSettings.SingleAsync(s => s.Key == DefaultCalendarHolidaySeeder.SettingKey, Cancellation)).Value.ShouldBe("2025,2026");
    }

    private static DefaultCalendarHolidaySeeder SeederOf(WatchkeeperApp app) =>
        app.Services.GetServices<IStartupSeeder>().OfType<DefaultCalendarHolidaySeeder>().Single();
}
