using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Protocols.HttpApi;

/// <summary>
/// Dahua's CGI API: magicBox.cgi for the model, serial number and firmware, storageDevice.cgi for the disks
/// or SD card.
/// </summary>
internal sealed class DahuaCgiApi : IRecorderApi
{
    public string Name => "Dahua CGI";

    public async Task<RecorderApiResult> ReadAsync(DeviceHttpClient http, Uri baseUri, CancellationToken cancellationToken)
    {
        var (systemInfo, refusal) = await RecorderApiResponses.GetIdentityAsync(
            http, new Uri(baseUri, "/cgi-bin/magicBox.cgi?action=getSystemInfo"), Name, cancellationToken).ConfigureAwait(false);
        if (systemInfo is null)
        {
            return refusal!;
        }

        var text = systemInfo.BodyText();
        var values = DahuaCgiParser.ParseKeyValues(text);
        if (text.TrimStart().StartsWith('<') || DahuaCgiParser.IsErrorReply(text) || !values.ContainsKey("deviceType"))
        {
            return new RecorderApiResult.NotThisApi(ProbeReason.ProtocolError,
                $"{systemInfo.Endpoint}: the response has no deviceType=... line, so it is not Dahua CGI");
        }

        var report = new RecorderReport { Api = Name, DeviceType = values["deviceType"] };
        report.Facts[ProbeFacts.Model] = values["deviceType"];
        if (values.GetValueOrDefault("serialNumber") is { Length: > 0 } serialNumber)
        {
            report.Facts[ProbeFacts.SerialNumber] = serialNumber;
        }

        await ReadFirmwareAsync(http, baseUri, report, cancellationToken).ConfigureAwait(false);
        await ReadStorageAsync(http, baseUri, report, cancellationToken).ConfigureAwait(false);
        return new RecorderApiResult.Read(report);
    }

    private static async Task ReadFirmwareAsync(DeviceHttpClient http, Uri baseUri, RecorderReport report, CancellationToken cancellationToken)
    {
        var software = await http.GetAsync(new Uri(baseUri, "/cgi-bin/magicBox.cgi?action=getSoftwareVersion"), RecorderApiResponses.MaxInfoBytes, authenticate: true, cancellationToken).ConfigureAwait(false);
        if (!software.Succeeded)
        {
            report.Notes.Add($"firmware version not read: {software.Failure.Detail}");
            return;
        }

        if (!software.Response.IsSuccess)
        {
            report.Notes.Add(RecorderApiResponses.DescribeUnreadable(software.Response, "firmware version"));
            return;
        }

        // Dahua writes e.g. "version=2.800.0000000.16.R,build:2021-06-23".
        if (DahuaCgiParser.ParseKeyValues(software.Response.BodyText()).GetValueOrDefault("version") is { Length: > 0 } version)
        {
            report.Facts[ProbeFacts.FirmwareVersion] = version;
        }
    }

    private static async Task ReadStorageAsync(DeviceHttpClient http, Uri baseUri, RecorderReport report, CancellationToken cancellationToken)
    {
        var storage = await http.GetAsync(new Uri(baseUri, "/cgi-bin/storageDevice.cgi?action=getDeviceAllInfo"), RecorderApiResponses.MaxStorageBytes, authenticate: true, cancellationToken).ConfigureAwait(false);
        if (!storage.Succeeded)
        {
            report.Notes.Add($"storage not read: {storage.Failure.Detail}");
            return;
        }

        var text = storage.Response.BodyText();
        if (!storage.Response.IsSuccess || DahuaCgiParser.IsErrorReply(text))
        {
            var message = DahuaCgiParser.IsErrorReply(text) ? DahuaCgiParser.Excerpt(text) : null;
            report.Notes.Add(storage.Response.IsSuccess
                ? $"storage not read: {storage.Response.Endpoint} returned \"{message}\""
                : RecorderApiResponses.DescribeUnreadable(storage.Response, "storage", message));
            return;
        }

        report.Disks = DahuaCgiParser.ParseStorage(DahuaCgiParser.ParseKeyValues(text)).Select(device => device.ToDisk()).ToList();
    }
}
