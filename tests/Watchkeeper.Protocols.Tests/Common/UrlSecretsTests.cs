using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Tests.Common;

public sealed class UrlSecretsTests
{
    [Theory]
    [InlineData("rtsp://admin:12345@192.168.1.64:554/Streaming/Channels/101", "rtsp://192.168.1.64:554/Streaming/Channels/101")]
    [InlineData("rtsp://192.168.1.10:554/user=admin&password=abc&channel=1&stream=0.sdp", "rtsp://192.168.1.10:554/user=admin&password=***&channel=1&stream=0.sdp")]
    [InlineData("http://192.168.1.20/cgi-bin/snapshot.cgi?loginuse=admin&loginpas=abc", "http://192.168.1.20/cgi-bin/snapshot.cgi?loginuse=admin&loginpas=***")]
    [InlineData("http://192.168.1.20/snap.jpg?usr=admin&PWD=abc", "http://192.168.1.20/snap.jpg?usr=admin&PWD=***")]
    [InlineData("http://192.168.1.20/snap.jpg?compass=north", "http://192.168.1.20/snap.jpg?compass=north")]
    public void Mask_KnownPasswordPlaces_HidesPassword(string url, string expected)
    {
        UrlSecrets.Mask(url).ShouldBe(expected);
    }
}
