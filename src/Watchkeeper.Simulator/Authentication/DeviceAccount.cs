namespace Watchkeeper.Simulator.Authentication;

/// <summary>
/// The account a simulated device checks requests against. Its password can change while the device runs, as when
/// someone changes it on the device and the ledger keeps the old one.
/// </summary>
public sealed class DeviceAccount(string userName, string password)
{
    private volatile string _password = password;

    public string UserName { get; } = userName;

    public string Password
    {
        get => _password;
        set => _password = value;
    }
}
