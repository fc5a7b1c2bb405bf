using Watchkeeper.Core.Calendars;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Calendars.PublicHolidays;

namespace Watchkeeper.Server.Tests.Calendars;

/// <summary>
/// The shipped data against the State Council General Office's notices on the 2025 and 2026 holiday arrangements,
/// with every span and make-up working day written out by hand from the notices' text.
/// </summary>
public sealed class PublicHolidayCatalogTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static TheoryData<int, string, DateOnly[], DateOnly[]> Notices => new()
    {
        // 2025: 元旦 1月1日放假1天，不调休.
        { 2025, "元旦", [D(2025, 1, 1)], [] },

        // 春节 1月28日（除夕）至2月4日 共8天，1月26日（周日）、2月8日（周六）上班.
        { 2025, "春节", [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31), D(2025, 2, 1), D(2025, 2, 2), D(2025, 2, 3), D(2025, 2, 4)],
            [D(2025, 1, 26), D(2025, 2, 8)] },
        { 2025, "清明节", [D(2025, 4, 4), D(2025, 4, 5), D(2025, 4, 6)], [] },

        // 劳动节 5月1日至5日 共5天，4月27日（周日）上班.
        { 2025, "劳动节", [D(2025, 5, 1), D(2025, 5, 2), D(2025, 5, 3), D(2025, 5, 4), D(2025, 5, 5)], [D(2025, 4, 27)] },
        { 2025, "端午节", [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)], [] },

        // 国庆节、中秋节 10月1日至8日 共8天，9月28日（周日）、10月11日（周六）上班.
        { 2025, "国庆节、中秋节", [D(2025, 10, 1), D(2025, 10, 2), D(2025, 10, 3), D(2025, 10, 4), D(2025, 10, 5), D(2025, 10, 6), D(2025, 10, 7), D(2025, 10, 8)],
            [D(2025, 9, 28), D(2025, 10, 11)] },

        // 2026: 元旦 1月1日至3日 共3天，1月4日（周日）上班.
        { 2026, "元旦", [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)], [D(2026, 1, 4)] },

        // 春节 2月15日至23日 共9天，2月14日（周六）、2月28日（周六）上班.
        { 2026, "春节", [D(2026, 2, 15), D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20), D(2026, 2, 21), D(2026, 2, 22), D(2026, 2, 23)],
            [D(2026, 2, 14), D(2026, 2, 28)] },
        { 2026, "清明节", [D(2026, 4, 4), D(2026, 4, 5), D(2026, 4, 6)], [] },

        // 劳动节 5月1日至5日 共5天，5月9日（周六）上班.
        { 2026, "劳动节", [D(2026, 5, 1), D(2026, 5, 2), D(2026, 5, 3), D(2026, 5, 4), D(2026, 5, 5)], [D(2026, 5, 9)] },
        { 2026, "端午节", [D(2026, 6, 19), D(2026, 6, 20), D(2026, 6, 21)], [] },
        { 2026, "中秋节", [D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27)], [] },

        // 国庆节 10月1日至7日 共7天，9月20日（周日）、10月10日（周六）上班.
        { 2026, "国庆节", [D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3), D(2026, 10, 4), D(2026, 10, 5), D(2026, 10, 6), D(2026, 10, 7)],
            [D(2026, 9, 20), D(2026, 10, 10)] },
    };

    [Theory]
    [MemberData(nameof(Notices))]
    public void Catalog_Holiday_MatchesNotice(int year, string name, DateOnly[] daysOff, DateOnly[] makeUpDays)
    {
        var holiday = PublicHolidayCatalog.Find(year)!.Holidays.Single(h => h.NameZh == name);

        holiday.Dates.ShouldBe(daysOff);
        holiday.MakeUpWorkingDays.ShouldBe(makeUpDays);
    }

    [Fact]
    public void Catalog_Years_HaveNoOtherHolidays()
    {
        PublicHolidayCatalog.Years.Select(y => y.Year).ShouldBe([2025, 2026]);
        PublicHolidayCatalog.Find(2025)!.Holidays.Select(h => h.NameZh).ShouldBe(["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"]);
        PublicHolidayCatalog.Find(2026)!.Holidays.Select(h => h.NameZh).ShouldBe(["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]);
    }

    [Fact]
    public void Catalog_MakeUpDays_AreWeekendDays()
    {
        var makeUpDays = PublicHolidayCatalog.Years.SelectMany(y => y.Days()).Where(d => d.Kind == CalendarDayKind.MakeUpWorkingDay).Select(d => d.Date);

        makeUpDays.ShouldAllBe(date => date.DayOfWeek == DayOfWeek.Saturday || date.DayOfWeek == DayOfWeek.Sunday);
    }

    [Fact]
    public void Catalog_Notices_NameTheirSource()
    {
        var notice2025 = PublicHolidayCatalog.Find(2025)!.Notice;
        var notice2026 = PublicHolidayCatalog.Find(2026)!.Notice;

        notice2025.Title.ShouldBe("国务院办公厅关于2025年部分节假日安排的通知");
        notice2025.Number.ShouldBe("国办发明电〔2024〕12号");
        notice2025.PublishedOn.ShouldBe(D(2024, 11, 12));
        notice2026.Title.ShouldBe("国务院办公厅关于2026年部分节假日安排的通知");
        notice2026.PublishedOn.ShouldBe(D(2025, 11, 4));
    }

    [Fact]
    public void Catalog_Holidays_HaveEnglishNames()
    {
        PublicHolidayCatalog.Years.SelectMany(y => y.Holidays).ShouldAllBe(h => h.NameEn.Length > 0);
    }

    [Fact]
    public void HolidayOn_BreakAndMakeUpDay_Found()
    {
        PublicHolidayCatalog.HolidayOn(D(2026, 2, 20))!.NameEn.ShouldBe("Spring Festival");
        PublicHolidayCatalog.HolidayOn(D(2026, 9, 20))!.NameEn.ShouldBe("National Day");
        PublicHolidayCatalog.HolidayOn(D(2026, 3, 2)).ShouldBeNull();
    }
}
