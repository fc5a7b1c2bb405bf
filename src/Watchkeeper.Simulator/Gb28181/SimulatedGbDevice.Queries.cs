using System.Globalization;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>The response MESSAGEs to Catalog, DeviceInfo, DeviceStatus and RecordInfo queries (GB/T 28181-2016 §9.5, annex A).</summary>
public sealed partial class SimulatedGbDevice
{
    // Raw bytes of the damaged-item fault: 0xFF is no GB18030 or UTF-8 lead byte, 0x81 0x07 is a GB18030 lead byte with
    // an invalid trail byte, and 0x07 (BEL) is a control character.
    private static readonly byte[] DamagedAddress = [0xD6, 0xD0, 0xFF, 0x81, 0x07, 0xFE, 0x1F];

    private async Task AnswerQueryAsync(ManscdpRequest query, CancellationToken cancellationToken)
    {
        try
        {
            switch (query.CmdType.ToUpperInvariant())
            {
                case "CATALOG":
                    await AnswerCatalogAsync(query.Sn, cancellationToken);
                    break;
                case "DEVICEINFO":
                    await SendResponseAsync(DeviceInfoBody(query), cancellationToken);
                    break;
                case "DEVICESTATUS":
                    await SendResponseAsync(DeviceStatusBody(query), cancellationToken);
                    break;
                case "RECORDINFO":
                    await AnswerRecordInfoAsync(query, cancellationToken);
                    break;
                default:
                    LogQueryUnsupported(_logger, DeviceId, query.CmdType);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The device stopped while answering.
        }
        catch (Exception exception)
        {
            LogAnswerFailed(_logger, exception, DeviceId, query.CmdType, query.Sn);
        }
    }

    private async Task SendResponseAsync(byte[] body, CancellationToken cancellationToken)
    {
        Counters.MessageSent();
        await SendMessageAsync(body, cancellationToken);
    }

    private async Task AnswerCatalogAsync(string sn, CancellationToken cancellationToken)
    {
        var items = Catalog;
        var concurrent = HasFault(GbFault.CatalogConcurrentOutOfOrder);
        var perMessage = concurrent || HasFault(GbFault.CatalogSingleItems) ? 1 : _options.CatalogItemsPerMessage;
        var bodies = items.Chunk(perMessage)
            .Select((chunk, index) => CatalogBody(sn, items.Count, chunk, damaged: index == 0 && HasFault(GbFault.DamagedCatalogItem)))
            .ToList();

        if (HasFault(GbFault.CatalogIncomplete))
        {
            // Every third message from the second on is lost, so SumNum is never reached. NOTE: a catalog that fits
            // in one message (a camera) stays complete.
            bodies = bodies.Where((_, index) => index % 3 != 1).ToList();
        }

        LogAnsweringCatalog(_logger, DeviceId, sn, items.Count, bodies.Count);
        if (concurrent)
        {
            var shuffled = bodies.ToArray();
            Random.Shared.Shuffle(shuffled);
            await Task.WhenAll(shuffled.Select(body => SendResponseAsync(body, cancellationToken)));
            return;
        }

        // As most recorders do: each part waits for the platform's 200 OK before the next one goes.
        foreach (var body in bodies)
        {
            await SendResponseAsync(body, cancellationToken);
        }
    }

    private byte[] CatalogBody(string sn, int sumNum, IReadOnlyList<GbCatalogItem> items, bool damaged)
    {
        var body = NewBody("Response", "Catalog", sn, DeviceId)
            .Element("SumNum", sumNum)
            .Open("DeviceList", $"Num=\"{items.Count.ToString(CultureInfo.InvariantCulture)}\"");
        for (var i = 0; i < items.Count; i++)
        {
            WriteCatalogItem(body, items[i], damaged && i == 0, catalogEvent: null);
        }

        return Encode(body.Close(), DamagedAddress);
    }

    private void WriteCatalogItem(ManscdpWriter body, GbCatalogItem item, bool damaged, string? catalogEvent)
    {
        body.Open("Item")
            .Element("DeviceID", item.DeviceId)
            .Element("Name", item.Name)
            .Element("Manufacturer", _options.Manufacturer)
            .Element("Model", GbDeviceLayout.Model(_options, Kind))
            .Element("Owner", "Owner")
            .Element("CivilCode", DeviceId[..6]);
        if (damaged)
        {
            body.DamagedElement("Address");
        }
        else
        {
            body.Element("Address", item.Name.Split(' ')[0]);
        }

        body.Element("Parental", 0)
            .Element("ParentID", item.ParentId)
            .Element("SafetyWay", 0)
            .Element("RegisterWay", 1)
            .Element("Secrecy", 0)
            .Element("Status", item.Online ? "ON" : "OFF");
        if (catalogEvent is not null)
        {
            body.Element("Event", catalogEvent);
        }

        body.Close();
    }

    private byte[] DeviceInfoBody(ManscdpRequest query)
    {
        var channels = Kind == GbDeviceKind.Camera ? 1 : _options.ChannelCount;
        var body = NewBody("Response", "DeviceInfo", query.Sn, DeviceId)
            .Element("DeviceName", Name)
            .Element("Result", "OK")
            .Element("DeviceType", Kind switch { GbDeviceKind.Camera => "IPC", GbDeviceKind.Nvr => "NVR", _ => "DVR" })
            .Element("Manufacturer", _options.Manufacturer)
            .Element("Model", GbDeviceLayout.Model(_options, Kind))
            .Element("Firmware", _options.Firmware)
            .Element("MaxCamera", channels)
            .Element("MaxAlarm", _options.AlarmInputCount)
            .Element("Channel", channels);
        return Encode(body);
    }

    private byte[] DeviceStatusBody(ManscdpRequest query)
    {
        var alarmInputs = Catalog.Where(item => item.TypeCode == "134").ToList();
        var body = NewBody("Response", "DeviceStatus", query.Sn, string.IsNullOrEmpty(query.DeviceId) ? DeviceId : query.DeviceId)
            .Element("Result", "OK")
            .Element("Online", "ONLINE")
            .Element("Status", "OK")
            .Element("DeviceTime", FormatLocal(LocalNow))
            .Element("Encode", EncodeEnabled ? "ON" : "OFF")
            .Element("Record", RecordEnabled ? "ON" : "OFF")
            .Open("Alarmstatus", $"Num=\"{alarmInputs.Count.ToString(CultureInfo.InvariantCulture)}\"");
        foreach (var input in alarmInputs)
        {
            body.Open("Item").Element("DeviceID", input.DeviceId).Element("DutyStatus", "OFFDUTY").Close();
        }

        return Encode(body.Close());
    }

    private async Task AnswerRecordInfoAsync(ManscdpRequest query, CancellationToken cancellationToken)
    {
        var channel = Catalog.FirstOrDefault(item => item.DeviceId == query.DeviceId && item.TypeCode is "131" or "132");
        var start = query.Time("StartTime");
        var end = query.Time("EndTime");
        var segments = channel is not null && start is { } from && end is { } to
            ? _records.Segments(from, to, LocalNow)
            : [];

        var parts = segments.Count == 0 ? [[]] : segments.Chunk(_options.RecordItemsPerMessage).ToList();
        LogAnsweringRecords(_logger, DeviceId, query.DeviceId, query.Sn, segments.Count, parts.Count);
        foreach (var part in parts)
        {
            await SendResponseAsync(RecordInfoBody(query, channel, segments.Count, part), cancellationToken);
        }
    }

    private byte[] RecordInfoBody(ManscdpRequest query, GbCatalogItem? channel, int sumNum, IReadOnlyList<(DateTime Start, DateTime End)> segments)
    {
        var body = NewBody("Response", "RecordInfo", query.Sn, query.DeviceId)
            .Element("Name", channel?.Name ?? "")
            .Element("SumNum", sumNum)
            .Open("RecordList", $"Num=\"{segments.Count.ToString(CultureInfo.InvariantCulture)}\"");
        foreach (var (start, end) in segments)
        {
            body.Open("Item")
                .Element("DeviceID", query.DeviceId)
                .Element("Name", channel!.Name)
                .Element("FilePath", $"/record/{query.DeviceId}/{start:yyyyMMdd}/{start:HHmmss}.mp4")
                .Element("Address", channel.Name.Split(' ')[0])
                .Element("StartTime", FormatLocal(start))
                .Element("EndTime", FormatLocal(end))
                .Element("Secrecy", 0)
                .Element("Type", "time")
                .Element("RecorderID", DeviceId)
                .Element("FileSize", (long)(end - start).TotalSeconds * 256 * 1024)
                .Close();
        }

        return Encode(body.Close());
    }
}
