using System.Xml;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>Hikvision ISAPI: /ISAPI/System/deviceInfo, then /ISAPI/ContentMgmt/Storage for HDD and NAS status.</summary>
internal sealed class IsapiApi : IRecorderApi
{
    public string Name => "ISAPI";

    public async Task<RecorderApiResult> ReadAsync(DeviceHttpClient http, Uri baseUri, CancellationToken cancellationToken)
    {
        var (info, refusal) = await RecorderApiResponses.GetIdentityAsync(http, new Uri(baseUri, "/ISAPI/System/deviceInfo"), Name, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return refusal!;
        }

        IsapiDeviceInfo? deviceInfo;
        try
        {
            deviceInfo = IsapiParser.ParseDeviceInfo(DeviceXml.Parse(info.Body));
        }
        catch (XmlException exception)
        {
            return new RecorderApiResult.NotThisApi(ProbeReason.ProtocolError, $"{info.Endpoint}: the response is not XML ({exception.Message}), so it is not ISAPI");
        }

        if (deviceInfo is null)
        {
            return new RecorderApiResult.NotThisApi(ProbeReason.ProtocolError, $"{info.Endpoint}: the XML is not a DeviceInfo document, so it is not ISAPI");
        }

        var report = new RecorderReport { Api = Name, DeviceType = deviceInfo.DeviceType };
        foreach (var (key, value) in deviceInfo.ToFacts())
        {
            report.Facts[key] = value;
        }

        await ReadStorageAsync(http, baseUri, report, cancellationToken).ConfigureAwait(false);
        return new RecorderApiResult.Read(report);
    }

    private static async Task ReadStorageAsync(DeviceHttpClient http, Uri baseUri, RecorderReport report, CancellationToken cancellationToken)
    {
        var storage = await http.GetAsync(new Uri(baseUri, "/ISAPI/ContentMgmt/Storage"), RecorderApiResponses.MaxStorageBytes, authenticate: true, cancellationToken).ConfigureAwait(false);
        if (!storage.Succeeded)
        {
            report.Notes.Add($"storage not read: {storage.Failure.Detail}");
            return;
        }

        try
        {
            var document = DeviceXml.Parse(storage.Response.Body);
            if (!storage.Response.IsSuccess)
            {
                report.Notes.Add(RecorderApiResponses.DescribeUnreadable(storage.Response, "storage", IsapiParser.ParseResponseStatus(document)));
                return;
            }

            report.Disks = IsapiParser.ParseStorage(document).Units;
        }
        catch (XmlException exception)
        {
            report.Notes.Add(storage.Response.IsSuccess
                ? $"storage not read: {storage.Response.Endpoint} returned something that is not XML ({exception.Message})"
                : RecorderApiResponses.DescribeUnreadable(storage.Response, "storage"));
        }
    }
}
