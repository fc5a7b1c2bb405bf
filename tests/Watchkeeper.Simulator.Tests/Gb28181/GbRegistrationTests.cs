using Watchkeeper.Simulator.Gb28181;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>REGISTER with Digest, refresh, expiry, unregister and retransmission, against a loopback test platform.</summary>
public sealed class GbRegistrationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(false, "MD5")]
    [InlineData(true, "MD5")]
    [InlineData(true, null)]
    public async Task Register_DigestChallenge_RegistersWithValidResponse(bool qop, string? algorithm)
    {
        await using var platform = TestSipPlatform.Start();
        platform.OfferQop = qop;
        platform.Algorithm = algorithm;
        await using var device = SimulatedGbDevice.Create(platform.DeviceOptions()).Value;

        (await device.StartAsync()).IsSuccess.ShouldBeTrue();
        var registered = await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        registered.ShouldBeTrue();
        var registers = platform.Requests("REGISTER");
        registers[0].Header("Authorization").ShouldBeEmpty();
        registers[1].Header("Call-ID").ShouldBe(registers[0].Header("Call-ID"));
        registers[1].CSeqNumber.ShouldBeGreaterThan(registers[0].CSeqNumber);
        platform.DigestResults.ShouldBe([true]);
    }

    [Fact]
    public async Task Register_QopOffered_SendsQopAuthWithCnonce()
    {
        await using var platform = TestSipPlatform.Start();
        platform.OfferQop = true;
        await using var device = SimulatedGbDevice.Create(platform.DeviceOptions()).Value;

        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        var authorization = platform.Requests("REGISTER")[1].Header("Authorization");
        authorization.ShouldContain("qop=auth");
        authorization.ShouldContain("nc=00000001");
        authorization.ShouldContain("cnonce=\"");
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("md5")]
    public async Task Register_AlgorithmInChallenge_EchoedAsSent(string algorithm)
    {
        await using var platform = TestSipPlatform.Start();
        platform.Algorithm = algorithm;
        await using var device = SimulatedGbDevice.Create(platform.DeviceOptions()).Value;

        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        platform.Requests("REGISTER")[1].Header("Authorization").ShouldContain($"algorithm={algorithm}");
    }

    [Fact]
    public async Task Register_ConfiguredUserName_UsedInDigest()
    {
        await using var platform = TestSipPlatform.Start();
        platform.ExpectedUserName = "gb-user-7";
        var options = platform.DeviceOptions();
        options.UserName = "gb-user-7";
        await using var device = SimulatedGbDevice.Create(options).Value;

        await device.StartAsync();

        (await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task Register_WrongPassword_StaysUnregistered()
    {
        await using var platform = TestSipPlatform.Start();
        var options = platform.DeviceOptions();
        options.Password = "wrong";
        await using var device = SimulatedGbDevice.Create(options).Value;

        await device.StartAsync();
        var registered = await device.WaitUntilRegisteredAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        registered.ShouldBeFalse();
        platform.DigestResults.ShouldNotBeEmpty();
        platform.DigestResults.ShouldAllBe(valid => !valid);
    }

    [Fact]
    public async Task Register_ShortExpires_RefreshedAtHalfLifetime()
    {
        await using var platform = TestSipPlatform.Start();
        var options = platform.DeviceOptions();
        options.Expires = 2;
        await using var device = SimulatedGbDevice.Create(options).Value;

        await device.StartAsync();
        var refreshed = await platform.WaitUntilAsync(messages => messages.Count(message => message.StatusCode == 0 && message.Method == "REGISTER" && message.Header("Authorization").Length > 0) >= 3, Wait);

        refreshed.ShouldBeTrue();
        var authorized = platform.Requests("REGISTER").Where(message => message.Header("Authorization").Length > 0).ToList();
        var interval = authorized[2].ReceivedAt - authorized[1].ReceivedAt;
        interval.ShouldBeInRange(TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(1900));
        authorized.Select(message => message.Header("Call-ID")).Distinct().Count().ShouldBe(1);
        (await Poll.UntilAsync(() => device.Counters.Registrations >= 3, Wait)).ShouldBeTrue();
    }

    [Fact]
    public async Task Register_RefreshFault_RegistrationExpires()
    {
        await using var platform = TestSipPlatform.Start();
        var options = platform.DeviceOptions();
        options.Expires = 2;
        await using var device = SimulatedGbDevice.Create(options).Value;
        device.SetFault(GbFault.RegistrationRefreshStopped);

        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        device.IsRegistered.ShouldBeFalse();
        platform.Requests("REGISTER").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Register_RefreshFaultCleared_RegistersAgain()
    {
        await using var platform = TestSipPlatform.Start();
        var options = platform.DeviceOptions();
        options.Expires = 1;
        await using var device = SimulatedGbDevice.Create(options).Value;
        device.SetFault(GbFault.RegistrationRefreshStopped);
        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        device.SetFault(GbFault.RegistrationRefreshStopped, active: false);

        (await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task Stop_Registered_SendsExpiresZero()
    {
        await using var platform = TestSipPlatform.Start();
        var device = SimulatedGbDevice.Create(platform.DeviceOptions()).Value;
        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        await device.StopAsync();

        var last = platform.Requests("REGISTER")[^1];
        last.Header("Expires").ShouldBe("0");
        last.Header("Authorization").ShouldNotBeEmpty();
        device.IsRegistered.ShouldBeFalse();
    }

    [Fact]
    public async Task Register_FirstRequestLost_RetransmittedAfterT1()
    {
        await using var platform = TestSipPlatform.Start();
        platform.DropFirst = "REGISTER";
        await using var device = SimulatedGbDevice.Create(platform.DeviceOptions()).Value;

        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);

        var registers = platform.Requests("REGISTER");
        registers[1].Branch.ShouldBe(registers[0].Branch);
        (registers[1].ReceivedAt - registers[0].ReceivedAt).ShouldBeInRange(TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500));
        device.Retransmissions.ShouldBe(1);
    }

    [Fact]
    public async Task Register_DuplicateResponses_TreatedAsOne()
    {
        await using var platform = TestSipPlatform.Start();
        platform.DuplicateResponses = true;
        await using var device = SimulatedGbDevice.Create(platform.DeviceOptions()).Value;

        await device.StartAsync();
        await device.WaitUntilRegisteredAsync(Wait, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        platform.Requests("REGISTER").Count.ShouldBe(2);
        device.Counters.Registrations.ShouldBe(1);
        device.DuplicateResponses.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Register_PlatformSilent_RetransmitsWithDoublingIntervals()
    {
        await using var platform = TestSipPlatform.Start();
        platform.Unanswered.Add("REGISTER");
        var options = platform.DeviceOptions();
        options.RetransmitInterval = TimeSpan.FromMilliseconds(100);
        await using var device = SimulatedGbDevice.Create(options).Value;

        await device.StartAsync();
        await platform.WaitUntilAsync(messages => messages.Count >= 4, Wait);

        var times = platform.Requests("REGISTER").Take(4).Select(message => message.ReceivedAt).ToList();
        (times[2] - times[1]).ShouldBeGreaterThan((times[1] - times[0]) * 1.5);
        (times[3] - times[2]).ShouldBeGreaterThan((times[2] - times[1]) * 1.5);
    }

    [Theory]
    [InlineData("3402000000132000000")]
    [InlineData("34020000001310000001")]
    public void Create_InvalidDeviceId_Fails(string deviceId)
    {
        var created = SimulatedGbDevice.Create(new GbDeviceOptions { DeviceId = deviceId, ServerId = TestSipPlatform.ServerId });

        created.IsSuccess.ShouldBeFalse();
        created.FirstError.Field.ShouldBe("DeviceId");
    }

    [Fact]
    public void Create_PlatformOutsideLoopback_Fails()
    {
        var options = new GbDeviceOptions
        {
            DeviceId = "34020000001320000001",
            ServerId = TestSipPlatform.ServerId,
            PlatformEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.10"), 5060),
        };

        var created = SimulatedGbDevice.Create(options);

        created.FirstError.Field.ShouldBe("PlatformEndPoint");
    }
}
