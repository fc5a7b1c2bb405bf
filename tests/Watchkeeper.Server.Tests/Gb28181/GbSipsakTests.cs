using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Server.Gb28181;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Server.Tests.Gb28181;

/// <summary>
/// Debian's sipsak sends the real-device captures to the running SIP server: the Dahua dome's REGISTER (it
/// answers the 401 challenge itself), then its keepalive, catalog, DeviceInfo and DeviceStatus MESSAGEs.
/// </summary>
public sealed class GbSipsakTests
{
    private const string Dome = "34020000001320000002";

    [Fact]
    public async Task Captures_FromSipsak_ShowInTheDevicePage()
    {
        var port = LoopbackPorts.FreeFourDigitPort();
        await using var harness = await GbHarness.StartAsync(sipPort: port, settings: new Dictionary<string, string?>
        {
            ["Gb28181:HeartbeatIntervalSeconds"] = "60",
        });

        (await SendAsync(port, "gb_dahua_sd_register_noauth.sip")).ShouldContain("SIP/2.0 200 OK");
        var registered = await harness.GetDeviceAsync(Dome);
        registered.GetProperty("summary").GetProperty("liveness").GetString().ShouldBe(nameof(GbLiveness.Alive));
        registered.GetProperty("summary").GetProperty("remoteAddress").GetString().ShouldBe("127.0.0.1");

        (await SendAsync(port, "gb_dahua_sd_keepalive.sip")).ShouldContain("SIP/2.0 200 OK");
        (await harness.GetDeviceAsync(Dome)).GetProperty("summary").GetProperty("lastKeepaliveAt").ValueKind.ShouldBe(JsonValueKind.String);

        (await SendAsync(port, "gb_dahua_sd_catalog_response_1item.sip")).ShouldContain("SIP/2.0 200 OK");
        await GbHarness.EventuallyAsync(async () => (await harness.GetDeviceAsync(Dome)).GetProperty("channels").GetArrayLength() == 1, "the catalog item is stored");
        var channel = (await harness.GetDeviceAsync(Dome)).GetProperty("channels")[0];
        channel.GetProperty("channelGbId").GetString().ShouldBe("34020000001310000001");
        channel.GetProperty("name").GetString().ShouldBe("DH71");
        channel.GetProperty("status").GetString().ShouldBe("ON");

        (await SendAsync(port, "gb_dahua_sd_deviceinfo_response.sip")).ShouldContain("SIP/2.0 200 OK");
        await GbHarness.EventuallyAsync(async () => (await harness.GetDeviceAsync(Dome)).GetProperty("vendor").GetString() == "Dahua", "DeviceInfo fills the vendor");
        var info = await harness.GetDeviceAsync(Dome);
        info.GetProperty("model").GetString().ShouldBe("DH-SD-6C3230UE-HN");
        info.GetProperty("firmwareVersion").GetString().ShouldBe("2.623.0000000.17.R,2019-01-19");

        (await SendAsync(port, "gb_dahua_sd_devicestatus_response.sip")).ShouldContain("SIP/2.0 200 OK");
        await GbHarness.EventuallyAsync(async () =>
        {
            await using var db = harness.App.CreateDbContext();
            return await db.Alarms.AnyAsync(a => a.Type == AlarmType.RecordingStopped && a.State == AlarmState.Open);
        }, "Record OFF opens a RecordingStopped alarm");
        var status = (await harness.GetDeviceAsync(Dome)).GetProperty("status");
        status.GetProperty("recording").GetBoolean().ShouldBeFalse();
        status.GetProperty("alarmInputs").GetString()!.ShouldContain("34020000001340000001=ONDUTY");
    }

    [Fact]
    public async Task Register_FromSipsakWithWrongPassword_IsForbidden()
    {
        var port = LoopbackPorts.FreeFourDigitPort();
        await using var harness = await GbHarness.StartAsync(sipPort: port);

        var output = await SendAsync(port, "gb_dahua_sd_register_noauth.sip", password: "not-the-password");

        output.ShouldContain("403");
        await using var db = harness.App.CreateDbContext();
        (await db.Devices.AnyAsync(d => d.GbId == Dome)).ShouldBeFalse();
    }

    /// <summary>
    /// Sends a capture with sipsak: the header lines get CRLF and the body goes as stored, so that its
    /// Content-Length still matches; sipsak responds to a 401 with the password. Returns sipsak's output.
    /// </summary>
    private static async Task<string> SendAsync(int port, string capture, string password = GbHarness.Password)
    {
        var text = File.ReadAllText(Fixtures.Capture(capture));
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text.TrimEnd('\n') : text[..split];
        var body = split < 0 ? "" : text[(split + 2)..];
        var message = string.Join("\r\n", head.Split('\n').Select(line => line.TrimEnd('\r'))) + "\r\n\r\n" + body;
        var file = Path.Combine(Path.GetTempPath(), $"sipsak-{Guid.NewGuid():N}.sip");
        await File.WriteAllTextAsync(file, message, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        try
        {
            await using var sipsak = PeerProcess.Start("sipsak",
                ["--no-crlf", "-f", file, "-s", $"sip:{Dome}@127.0.0.1:{port}", "-u", Dome, "-a", password, "-vv"]);
            await sipsak.WaitForExitAsync(TimeSpan.FromSeconds(15));
            return sipsak.Output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
