namespace Watchkeeper.Simulator.Fleet;

/// <summary>
/// The street sites of the demo city, five cameras to a site: short names for device names and the spot they
/// watch for the install location, each in Chinese and English.
/// </summary>
internal static class DemoSites
{
    public const int CamerasPerSite = 5;

    public static IReadOnlyList<DemoSite> All { get; } =
    [
        new("人民路口", "Renmin Road junction", "人民路与解放路交叉口", "Renmin Rd & Jiefang Rd junction"),
        new("解放路口", "Jiefang Road junction", "解放路与中山路交叉口", "Jiefang Rd & Zhongshan Rd junction"),
        new("火车站北广场", "Railway station north square", "火车站北广场出站口", "north square exit, railway station"),
        new("中山公园东门", "Zhongshan Park east gate", "中山公园东门入口", "east gate, Zhongshan Park"),
        new("市民中心", "Civic center", "市民中心南侧停车场", "south car park, civic center"),
        new("滨江大道", "Riverside Avenue", "滨江大道观景平台", "viewing platform, Riverside Avenue"),
        new("第一中学", "No. 1 Middle School", "第一中学校门", "main gate, No. 1 Middle School"),
        new("人民医院", "People's Hospital", "人民医院门诊楼前", "outpatient building, People's Hospital"),
        new("长途汽车站", "Bus station", "长途汽车站候车厅", "waiting hall, long-distance bus station"),
        new("文化广场", "Culture Square", "文化广场西侧", "west side, Culture Square"),
    ];

    /// <summary>Returns the site and the camera's number there for camera <paramref name="index"/> (0-based).</summary>
    public static (DemoSite Site, int Number) ForCamera(int index)
    {
        var block = index / CamerasPerSite;
        var site = All[block % All.Count];
        var number = block / All.Count * CamerasPerSite + index % CamerasPerSite + 1;
        return (site, number);
    }
}

internal sealed record DemoSite(string Name, string EnglishName, string Location, string EnglishLocation);
