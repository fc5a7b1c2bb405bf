using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Simulator.Tests.Support;

namespace Watchkeeper.Simulator.Tests;

/// <summary>RFC 2617 Digest details on the RTSP service: the RFC 2069 form, stale nonces, forged nonces.</summary>
public sealed partial class DigestAuthenticationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 9, 6, 0, 0, TimeSpan.Zero));
    private Fleet.SimulatedFleet _fleet = null!;

    public async ValueTask InitializeAsync() => _fleet = await RunningFleet.StartAsync(TestAddresses.SmallFleet(cameras: 1, recorders: 0, switches: 0), _time);

    public async ValueTask DisposeAsync() => await _fleet.DisposeAsync();

    private Fleet.SimulatedDeviceInfo Camera => _fleet.Cameras[0].Info;

    [Fact]
    public async Task Describe_Rfc2069FormWithoutQop_Accepted()
    {
        await using var connection = await Open();
        var (realm, nonce) = await ChallengeAsync(connection);

        var response = await DescribeAsync(connection, realm, nonce, Camera.Password!, withQop: false);

        response.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task Describe_QopAuth_Accepted()
    {
        await using var connection = await Open();
        var (realm, nonce) = await ChallengeAsync(connection);

        var response = await DescribeAsync(connection, realm, nonce, Camera.Password!, withQop: true);

        response.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task Describe_ExpiredNonce_ChallengesWithStale()
    {
        await using var connection = await Open();
        var (realm, nonce) = await ChallengeAsync(connection);
        _time.Advance(TimeSpan.FromMinutes(6));

        var response = await DescribeAsync(connection, realm, nonce, Camera.Password!, withQop: true);

        response.StatusCode.ShouldBe(401);
        response.Header("WWW-Authenticate")!.ShouldContain("stale=TRUE");
    }

    [Fact]
    public async Task Describe_ExpiredNonceWrongPassword_NotStale()
    {
        await using var connection = await Open();
        var (realm, nonce) = await ChallengeAsync(connection);
        _time.Advance(TimeSpan.FromMinutes(6));

        var response = await DescribeAsync(connection, realm, nonce, "wrong", withQop: true);

        response.StatusCode.ShouldBe(401);
        response.Header("WWW-Authenticate")!.ShouldNotContain("stale");
    }

    [Fact]
    public async Task Describe_ForgedNonce_Unauthorized()
    {
        await using var connection = await Open();
        var (realm, _) = await ChallengeAsync(connection);

        var response = await DescribeAsync(connection, realm, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Camera.Password!, withQop: true);

        response.StatusCode.ShouldBe(401);
    }

    [Fact]
    public async Task Describe_DigestForOtherUri_Unauthorized()
    {
        await using var connection = await Open();
        var (realm, nonce) = await ChallengeAsync(connection);

        var response = await DescribeAsync(connection, realm, nonce, Camera.Password!, withQop: true, digestUri: "rtsp://elsewhere/other");

        response.StatusCode.ShouldBe(401);
    }

    private Task<RawConnection> Open() => RawConnection.OpenAsync(Camera.IpAddress, Camera.RtspPort!.Value);

    private async Task<(string Realm, string Nonce)> ChallengeAsync(RawConnection connection)
    {
        await connection.SendAsync($"DESCRIBE {Camera.RtspUrl} RTSP/1.0\r\nCSeq: 1\r\n\r\n");
        var challenge = (await connection.ReadResponseAsync()).Header("WWW-Authenticate")!;
        return (Realm().Match(challenge).Groups[1].Value, Nonce().Match(challenge).Groups[1].Value);
    }

    private async Task<RawResponse> DescribeAsync(RawConnection connection, string realm, string nonce, string password, bool withQop, string? digestUri = null)
    {
        var uri = digestUri ?? Camera.RtspUrl!;
        var ha1 = Md5($"{Camera.UserName}:{realm}:{password}");
        var ha2 = Md5($"DESCRIBE:{uri}");
        var authorization = withQop
            ? $"Digest username=\"{Camera.UserName}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{Md5($"{ha1}:{nonce}:00000001:0a4f113b:auth:{ha2}")}\", qop=auth, nc=00000001, cnonce=\"0a4f113b\""
            : $"Digest username=\"{Camera.UserName}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{Md5($"{ha1}:{nonce}:{ha2}")}\"";
        await connection.SendAsync($"DESCRIBE {Camera.RtspUrl} RTSP/1.0\r\nCSeq: 2\r\nAuthorization: {authorization}\r\n\r\n");
        return await connection.ReadResponseAsync();
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("realm=\"([^\"]*)\"")]
    private static partial Regex Realm();

    [GeneratedRegex("nonce=\"([^\"]*)\"")]
    private static partial Regex Nonce();
}
