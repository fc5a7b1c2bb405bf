using System.Text;
using Microsoft.Playwright;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class CalendarConsoleTests
{
    private const string CalendarName = "巡检班组日历";

    [Fact]
    public async Task CalendarPage_ApplyYear_ShowsReportAndCount()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await AddCalendarAsync(server.App);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await OpenCalendarsAsync(page);
        var row = page.Locator("[data-testid=calendar-row]", new PageLocatorOptions { HasText = CalendarName });

        await row.Locator("[data-testid=calendar-apply] button").ClickAsync();
        await page.Locator("[data-testid=calendar-apply-year]", new PageLocatorOptions { HasText = "2026" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=calendar-report-summary]")).ToContainTextAsync("新增节假日 33 天、调休工作日 6 天");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("33");
        await browser.ScreenshotAsync("calendar-apply-holidays");
    }

    [Fact]
    public async Task CalendarPage_ImportFile_ListsAddedAndSkipped()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        var id = await AddCalendarAsync(server.App);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await OpenCalendarsAsync(page);
        var feed = string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261001", "DTEND;VALUE=DATE:20261008", "SUMMARY:国庆节 休", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261010", "SUMMARY:国庆节 补班", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20260930T180000Z", "SUMMARY:节前安全检查", "END:VEVENT",
            "END:VCALENDAR", "");

        await page.SetInputFilesAsync($"#calendar-ics-{id}", new FilePayload
        {
            Name = "national-day.ics",
            MimeType = "text/calendar",
            Buffer = Encoding.UTF8.GetBytes(feed),
        });

        await Assertions.Expect(page.Locator("[data-testid=calendar-report-summary]")).ToContainTextAsync("新增节假日 7 天、调休工作日 1 天");
        await Assertions.Expect(page.Locator("[data-testid=calendar-report-skipped]")).ToContainTextAsync("第 12 行 节前安全检查");
        await Assertions.Expect(page.Locator("[data-testid=calendar-row]", new PageLocatorOptions { HasText = CalendarName }))
            .ToContainTextAsync("2026-10-10");
    }

    [Fact]
    public async Task CalendarEditor_MonthViewClicks_CycleAndSave()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database);
        await AddCalendarAsync(server.App);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();
        await OpenCalendarsAsync(page);
        var row = page.Locator("[data-testid=calendar-row]", new PageLocatorOptions { HasText = CalendarName });
        await row.Locator("[data-testid=calendar-edit]").ClickAsync();
        var title = await page.Locator("[data-testid=calendar-month-title]").InnerTextAsync();
        var date = title + "-15";
        var day = page.Locator($"[data-testid=calendar-day][data-date='{date}']");

        await day.ClickAsync();
        await Assertions.Expect(day).ToHaveAttributeAsync("data-kind", "Holiday");
        await day.ClickAsync();
        await Assertions.Expect(day).ToHaveAttributeAsync("data-kind", "MakeUpWorkingDay");
        await Assertions.Expect(page.Locator("textarea[data-testid=calendar-makeup], [data-testid=calendar-makeup] textarea")).ToHaveValueAsync(date);
        await day.ClickAsync();
        await Assertions.Expect(day).ToHaveAttributeAsync("data-kind", "Normal");
        await day.ClickAsync();
        await page.ClickAsync("[data-testid=calendar-save]");

        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await using var db = server.App.CreateDbContext();
        db.BusinessCalendars.Single(c => c.Name == CalendarName).Holidays.ShouldBe([DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static async Task<long> AddCalendarAsync(WatchkeeperApp app)
    {
        await using var db = app.CreateDbContext();
        var calendar = new CalendarDefinition
        {
            Name = CalendarName,
            WorkingHours = CalendarDefinition.OfficeHours(),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.BusinessCalendars.Add(calendar);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return calendar.Id;
    }

    private static async Task OpenCalendarsAsync(IPage page)
    {
        await page.OpenAsync("/notifications/calendars");
        await page.Locator("[data-testid=calendar-ics-file][data-ready=true]").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }
}
