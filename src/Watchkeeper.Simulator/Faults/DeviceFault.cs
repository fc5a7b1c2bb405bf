using Watchkeeper.Core.Results;
using Watchkeeper.Simulator.Fleet;

namespace Watchkeeper.Simulator.Faults;

/// <summary>A change a fault script makes to one device of the fleet.</summary>
public abstract record DeviceFault(string DeviceCode)
{
    /// <summary>What happens, for the log, e.g. "loses power".</summary>
    public abstract string Description { get; }

    internal abstract Task<Result> ApplyAsync(SimulatedFleet fleet);

    /// <summary>Returns null when the fleet has the device this fault needs, else the reason.</summary>
    internal abstract string? CheckTarget(SimulatedFleet fleet);

    private protected string? Expect<T>(SimulatedFleet fleet, string kind) =>
        fleet.Find(DeviceCode) is T ? null : $"{GetType().Name} needs a {kind}, and the fleet has no {kind} '{DeviceCode}'";
}

/// <summary>A device loses power: connections to it are refused.</summary>
public sealed record PowerLost(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "loses power";

    internal override async Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        await fleet.Find(DeviceCode)!.PowerOffAsync();
        return Result.Success();
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedDevice>(fleet, "device");
}

/// <summary>Power comes back.</summary>
public sealed record PowerRestored(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "has power again";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet) => fleet.Find(DeviceCode)!.PowerOnAsync();

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedDevice>(fleet, "device");
}

/// <summary>A switch goes down: its SNMP agent and every device on its ports stop responding.</summary>
public sealed record SwitchDown(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "goes down with every device on its ports";

    internal override async Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        await fleet.Switch(DeviceCode).PowerOffAsync();
        return Result.Success();
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedSwitch>(fleet, "switch");
}

/// <summary>A switch comes back up, and the devices on its ports with it.</summary>
public sealed record SwitchUp(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "comes back up with the devices on its ports";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet) => fleet.Switch(DeviceCode).PowerOnAsync();

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedSwitch>(fleet, "switch");
}

/// <summary>Someone changes a camera's password on the device, so the ledger's password is rejected.</summary>
public sealed record PasswordChanged(string DeviceCode, string NewPassword) : DeviceFault(DeviceCode)
{
    public override string Description => "has its password changed on the device; the ledger's password is now wrong";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        fleet.Camera(DeviceCode).ChangePassword(NewPassword);
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedCamera>(fleet, "camera");

    // The record's generated ToString would print the password.
    public override string ToString() => $"{nameof(PasswordChanged)} {{ DeviceCode = {DeviceCode} }}";
}

/// <summary>A camera's clock moves away from the real time, e.g. +8 h after a time-zone mistake.</summary>
public sealed record ClockOffset(string DeviceCode, TimeSpan Offset) : DeviceFault(DeviceCode)
{
    public override string Description => $"has its clock set {(Offset < TimeSpan.Zero ? "-" : "+")}{Offset.Duration():c} off";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        fleet.Camera(DeviceCode).SetClockOffset(Offset);
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedCamera>(fleet, "camera");
}

/// <summary>A recorder disk fails (ISAPI status "error").</summary>
public sealed record DiskFailed(string DeviceCode, int DiskId) : DeviceFault(DeviceCode)
{
    public override string Description => $"loses disk {DiskId}";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet) =>
        Task.FromResult(fleet.Recorder(DeviceCode).FailDisk(DiskId) ? Result.Success() : NoSuchDisk(DeviceCode, DiskId));

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedRecorder>(fleet, "recorder");

    internal static Error NoSuchDisk(string deviceCode, int diskId) =>
        Error.NotFound("simulator.fault.no_such_disk", Bilingual.Join($"{deviceCode} 没有 {diskId} 号硬盘", $"{deviceCode} has no disk {diskId}"));
}

/// <summary>A failed recorder disk is replaced and works again (ISAPI status "ok").</summary>
public sealed record DiskRepaired(string DeviceCode, int DiskId) : DeviceFault(DeviceCode)
{
    public override string Description => $"has disk {DiskId} working again";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet) =>
        Task.FromResult(fleet.Recorder(DeviceCode).RepairDisk(DiskId) ? Result.Success() : DiskFailed.NoSuchDisk(DeviceCode, DiskId));

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedRecorder>(fleet, "recorder");
}

/// <summary>A GB/T 28181 device of the attached GB/T 28181 fleet shows or stops showing a fault; the code is its device ID.</summary>
public sealed record GbFaultChanged(string DeviceCode, Gb28181.GbFault Fault, bool Active) : DeviceFault(DeviceCode)
{
    public override string Description => $"{(Active ? "starts" : "stops")} showing GB/T 28181 fault {Fault}";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        var device = fleet.GbFleet?.Find(DeviceCode);
        if (device is null)
        {
            return Task.FromResult(Result.Failure(Error.NotFound(
                "simulator.fault.no_gb_device",
                Bilingual.Join($"GB/T 28181 设备 {DeviceCode} 未运行", $"GB/T 28181 device {DeviceCode} is not running"))));
        }

        device.SetFault(Fault, Active);
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) =>
        fleet.GbFleet?.DeviceIds.Contains(DeviceCode) == true ? null : $"{nameof(GbFaultChanged)} needs a GB/T 28181 device '{DeviceCode}' in the attached GB/T 28181 fleet";
}

/// <summary>A camera's picture goes wrong: its stream and its snapshots show <paramref name="Kind"/> until restored.</summary>
public sealed record PictureFault(string DeviceCode, Devices.PictureFaultKind Kind) : DeviceFault(DeviceCode)
{
    public override string Description => $"shows picture fault {Kind}";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        fleet.Camera(DeviceCode).SetPictureFault(Kind);
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedCamera>(fleet, "camera");
}

/// <summary>A camera's picture is good again.</summary>
public sealed record PictureRestored(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "shows a good picture again";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        fleet.Camera(DeviceCode).ClearPictureFault();
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedCamera>(fleet, "camera");
}

/// <summary>A camera's stream stalls: PLAY succeeds but no media follows, as when its encoder hangs.</summary>
public sealed record StreamStalled(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "accepts PLAY but sends no media";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        fleet.Camera(DeviceCode).SetStreamStalled(true);
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedCamera>(fleet, "camera");
}

/// <summary>A stalled stream sends media again, starting at a key frame.</summary>
public sealed record StreamResumed(string DeviceCode) : DeviceFault(DeviceCode)
{
    public override string Description => "sends media again";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        fleet.Camera(DeviceCode).SetStreamStalled(false);
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedCamera>(fleet, "camera");
}

/// <summary>A recorder stops recording one channel from now for a while (a stream cut, a full disk), leaving a gap.</summary>
public sealed record RecordingGap(string DeviceCode, int Channel, TimeSpan Duration) : DeviceFault(DeviceCode)
{
    public override string Description => $"stops recording channel {Channel} for {Duration:c}";

    internal override Task<Result> ApplyAsync(SimulatedFleet fleet)
    {
        var recorder = fleet.Recorder(DeviceCode);
        var schedule = recorder.Recordings.Channel(Channel);
        if (schedule is null)
        {
            return Task.FromResult(Result.Failure(Error.NotFound("simulator.fault.no_such_channel",
                Bilingual.Join($"{DeviceCode} 没有通道 {Channel}", $"{DeviceCode} has no channel {Channel}"))));
        }

        var start = recorder.LocalNow;
        schedule.AddGap(new Gb28181.GbRecordGap(start, start + Duration));
        return Task.FromResult(Result.Success());
    }

    internal override string? CheckTarget(SimulatedFleet fleet) => Expect<Devices.SimulatedRecorder>(fleet, "recorder");
}
