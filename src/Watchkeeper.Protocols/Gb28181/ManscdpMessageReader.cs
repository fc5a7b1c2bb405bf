using System.Xml.Linq;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>Reads the command-specific fields of a loaded MANSCDP body into its typed message.</summary>
internal static class ManscdpMessageReader
{
    internal static Result<ManscdpMessage> Read(XElement root, ManscdpHeader header)
    {
        if (header.Root == ManscdpRoot.Query)
        {
            return ReadQuery(root, header);
        }

        return header.CmdType.ToUpperInvariant() switch
        {
            "KEEPALIVE" => ReadKeepalive(root, header),
            "CATALOG" => ReadCatalog(root, header),
            "DEVICEINFO" => ReadDeviceInfo(root, header),
            "DEVICESTATUS" => ReadDeviceStatus(root, header),
            "RECORDINFO" => ReadRecordInfo(root, header),
            "ALARM" when header.Root == ManscdpRoot.Notify => ReadAlarm(root, header),
            _ => new UnknownManscdpMessage
            {
                Root = header.Root,
                CmdType = header.CmdType,
                Sn = header.Sn,
                DeviceId = header.DeviceId,
                Diagnostics = header.Diagnostics,
                Result = root.Text("Result"),
            },
        };
    }

    private static ManscdpMessage ReadQuery(XElement root, ManscdpHeader header) => new ManscdpQuery
    {
        Root = header.Root,
        CmdType = header.CmdType,
        Sn = header.Sn,
        DeviceId = header.DeviceId,
        Diagnostics = header.Diagnostics,
        StartTime = root.LocalTime("StartTime"),
        EndTime = root.LocalTime("EndTime"),
        Type = root.Text("Type"),
        Secrecy = root.Integer("Secrecy"),
    };

    private static ManscdpMessage ReadKeepalive(XElement root, ManscdpHeader header) => new KeepaliveNotify
    {
        Root = header.Root,
        CmdType = header.CmdType,
        Sn = header.Sn,
        DeviceId = header.DeviceId,
        Diagnostics = header.Diagnostics,
        Status = root.Text("Status"),
        FaultyChannelIds = root.Field("Info").Fields("DeviceID")
            .Select(e => e.Value.Trim())
            .Where(id => id.Length > 0)
            .ToList(),
    };

    private static ManscdpMessage ReadCatalog(XElement root, ManscdpHeader header)
    {
        var items = new List<CatalogItem>();
        foreach (var element in ListItems(root, "DeviceList"))
        {
            var deviceId = element.Text("DeviceID");
            if (deviceId is null)
            {
                header.Diagnostics.Add(new ManscdpDiagnostic("DeviceID", null, null, "catalog item without DeviceID left out"));
                continue;
            }

            items.Add(ReadCatalogItem(element, deviceId));
        }

        return new CatalogResponse
        {
            Root = header.Root,
            CmdType = header.CmdType,
            Sn = header.Sn,
            DeviceId = header.DeviceId,
            Diagnostics = header.Diagnostics,
            SumNum = ReadSumNum(root, items.Count, header),
            Items = items,
        };
    }

    private static CatalogItem ReadCatalogItem(XElement item, string deviceId)
    {
        var info = item.Field("Info");
        return new CatalogItem
        {
            DeviceId = deviceId,
            Name = item.Text("Name"),
            Manufacturer = item.Text("Manufacturer"),
            Model = item.Text("Model"),
            Owner = item.Text("Owner"),
            CivilCode = item.Text("CivilCode"),
            Block = item.Text("Block"),
            Address = item.Text("Address"),
            Parental = item.Integer("Parental"),
            ParentId = item.Text("ParentID"),
            RegisterWay = item.Integer("RegisterWay"),
            Secrecy = item.Integer("Secrecy"),
            Status = item.Text("Status"),
            IpAddress = item.Text("IPAddress"),
            Port = item.Integer("Port"),
            Longitude = item.Number("Longitude"),
            Latitude = item.Number("Latitude"),
            PtzType = info.Integer("PTZType") ?? item.Integer("PTZType"),
            Event = ReadEvent(item.Text("Event")),
        };
    }

    private static CatalogEvent? ReadEvent(string? text) => text?.ToUpperInvariant() switch
    {
        null => null,
        "ON" => CatalogEvent.On,
        "OFF" => CatalogEvent.Off,
        "VLOST" => CatalogEvent.VideoLost,
        "DEFECT" => CatalogEvent.Defect,
        "ADD" => CatalogEvent.Add,
        "DEL" => CatalogEvent.Delete,
        "UPDATE" => CatalogEvent.Update,
        _ => CatalogEvent.Unknown,
    };

    private static ManscdpMessage ReadDeviceInfo(XElement root, ManscdpHeader header) => new DeviceInfoResponse
    {
        Root = header.Root,
        CmdType = header.CmdType,
        Sn = header.Sn,
        DeviceId = header.DeviceId,
        Diagnostics = header.Diagnostics,
        DeviceName = root.Text("DeviceName"),
        Result = root.Text("Result"),
        Manufacturer = root.Text("Manufacturer"),
        Model = root.Text("Model"),
        Firmware = root.Text("Firmware"),
        DeviceType = root.Text("DeviceType"),
        MaxCamera = root.Integer("MaxCamera"),
        MaxAlarm = root.Integer("MaxAlarm"),
        Channel = root.Integer("Channel"),
        Port = root.Integer("Port"),
    };

    private static ManscdpMessage ReadDeviceStatus(XElement root, ManscdpHeader header) => new DeviceStatusResponse
    {
        Root = header.Root,
        CmdType = header.CmdType,
        Sn = header.Sn,
        DeviceId = header.DeviceId,
        Diagnostics = header.Diagnostics,
        Result = root.Text("Result"),
        Online = root.Text("Online"),
        Status = root.Text("Status"),
        Reason = root.Text("Reason"),
        Encode = root.Text("Encode"),
        Record = root.Text("Record"),
        DeviceTime = root.LocalTime("DeviceTime"),
        AlarmInputs = ListItems(root, "AlarmStatus")
            .Select(e => (Id: e.Text("DeviceID"), Duty: e.Text("DutyStatus")))
            .Where(pair => pair.Id is not null)
            .Select(pair => new AlarmInputStatus(pair.Id!, pair.Duty))
            .ToList(),
    };

    private static ManscdpMessage ReadRecordInfo(XElement root, ManscdpHeader header)
    {
        var items = new List<RecordItem>();
        foreach (var element in ListItems(root, "RecordList"))
        {
            // Some recorders leave the item's DeviceID out; the record then belongs to the queried channel.
            items.Add(new RecordItem
            {
                DeviceId = element.Text("DeviceID") ?? header.DeviceId,
                Name = element.Text("Name"),
                FilePath = element.Text("FilePath"),
                Address = element.Text("Address"),
                StartTime = element.LocalTime("StartTime"),
                EndTime = element.LocalTime("EndTime"),
                Secrecy = element.Integer("Secrecy"),
                Type = element.Text("Type"),
                RecorderId = element.Text("RecorderID"),
                FileSize = element.LongInteger("FileSize"),
            });
        }

        return new RecordInfoResponse
        {
            Root = header.Root,
            CmdType = header.CmdType,
            Sn = header.Sn,
            DeviceId = header.DeviceId,
            Diagnostics = header.Diagnostics,
            Name = root.Text("Name"),
            SumNum = ReadSumNum(root, items.Count, header),
            Items = items,
        };
    }

    private static ManscdpMessage ReadAlarm(XElement root, ManscdpHeader header)
    {
        var info = root.Field("Info");
        return new AlarmNotify
        {
            Root = header.Root,
            CmdType = header.CmdType,
            Sn = header.Sn,
            DeviceId = header.DeviceId,
            Diagnostics = header.Diagnostics,
            AlarmPriority = root.Integer("AlarmPriority"),
            AlarmMethod = root.Integer("AlarmMethod"),
            AlarmTime = root.LocalTime("AlarmTime"),
            AlarmDescription = root.Text("AlarmDescription"),
            Longitude = root.Number("Longitude"),
            Latitude = root.Number("Latitude"),
            AlarmType = info.Integer("AlarmType") ?? root.Integer("AlarmType"),
            EventType = info.Field("AlarmTypeParam").Integer("EventType"),
        };
    }

    private static IEnumerable<XElement> ListItems(XElement root, string listName) =>
        root.Field(listName).Fields("Item");

    // A missing or unreadable SumNum falls back to the items in this body, so the part still counts.
    private static int ReadSumNum(XElement root, int itemCount, ManscdpHeader header)
    {
        var sumNum = root.Integer("SumNum");
        if (sumNum is >= 0)
        {
            return sumNum.Value;
        }

        header.Diagnostics.Add(new ManscdpDiagnostic("SumNum", null, null, $"missing or invalid; taken as the {itemCount} items of this body"));
        return itemCount;
    }
}
