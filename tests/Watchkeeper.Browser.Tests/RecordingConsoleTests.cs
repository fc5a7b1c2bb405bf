using Microsoft.Playwright;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Recording;
using Watchkeeper.Server.Tests.Infrastructure;

namespace Watchkeeper.Browser.Tests;

public sealed class RecordingConsoleTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Timeline_StoredDayWithGap_ShowsSegmentsGapAndHoverTimes()
    {
        using var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var server = BrowserApp.Start(database, new Dictionary<string, string?> { ["Recording:TimeZone"] = "Asia/Shanghai" });
        var date = LocalDay.DateOf(DateTimeOffset.UtcNow, China).AddDays(-1);
        var channelId = await StoreDayAsync(server.App, date);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        await page.SignInAsync();

        await page.OpenAsync("/recordings");
        await page.ClickAsync($"[data-testid=recording-channel-link][data-channel-id='{channelId}']");

        var timeline = page.Locator("[data-testid=recording-timeline]");
        await Assertions.Expect(timeline).ToHaveAttributeAsync("data-date", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(timeline.Locator("[data-testid=timeline-segment]")).ToHaveCountAsync(2);
        var gap = timeline.Locator("[data-testid=timeline-gap]");
        await Assertions.Expect(gap).ToHaveAttributeAsync("data-start", "02:00:00");
        await Assertions.Expect(gap).ToHaveAttributeAsync("data-end", "02:30:00");
        await Assertions.Expect(gap).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("计划内缺失 02:00:00–02:30:00"));
        await Assertions.Expect(page.Locator("[data-testid=recording-completeness]")).ToHaveTextAsync("97.92%");
        await Assertions.Expect(page.Locator("[data-testid=recording-gap-row]")).ToHaveCountAsync(1);
    }

    /// <summary>Stores a checked day of a recorder channel: recorded all day except 02:00–02:30 China time.</summary>
    private static async Task<long> StoreDayAsync(WatchkeeperApp app, DateOnly date)
    {
        var ledger = new TestLedger(app);
        var organization = await ledger.AddOrganizationAsync("录像测试单位");
        var recorderId = await ledger.AddDeviceAsync("NVR-701", organization, DeviceKind.Recorder);
        var channelId = await ledger.AddDeviceAsync("NVR-701-CH1", organization, DeviceKind.Channel, recorderId);
        var window = LocalDay.Window(date, China);
        await using var db = app.CreateDbContext();
        var recorder = await db.Devices.FindAsync([recorderId], TestContext.Current.CancellationToken);
        recorder!.HttpApiUrl = "http://127.0.0.1:9";
        var channel = await db.Devices.FindAsync([channelId], TestContext.Current.CancellationToken);
        channel!.RecorderChannel = 1;
        var day = new RecordingDayCheck
        {
            DeviceId = channelId, Date = date, Source = RecordingSource.Isapi, Outcome = RecordingCheckOutcome.Checked, CheckedAt = DateTimeOffset.UtcNow,
            ScheduledSeconds = 86_400, RecordedSeconds = 84_600, GapCount = 1, LongestGapSeconds = 1800, SegmentCount = 24, Detail = "test day",
        };
        db.RecordingDayChecks.Add(day);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var gapStart = window.Start.AddHours(2).ToUniversalTime();
        db.RecordedSpans.Add(new RecordedSpan { DayCheckId = day.Id, Start = window.Start.ToUniversalTime(), End = gapStart });
        db.RecordedSpans.Add(new RecordedSpan { DayCheckId = day.Id, Start = gapStart.AddMinutes(30), End = window.End.ToUniversalTime() });
        db.RecordingGaps.Add(new RecordingGap { DayCheckId = day.Id, DeviceId = channelId, Date = date, Start = gapStart, End = gapStart.AddMinutes(30), DurationSeconds = 1800 });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return channelId;
    }
}
