using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Watchkeeper.Server.Devices;

/// <summary>
/// Encrypts device passwords and SNMP communities at rest with ASP.NET Core Data Protection, whose keys live
/// in the database so that every node can read what another wrote.
/// </summary>
public sealed class CredentialProtector(IDataProtectionProvider provider, ILogger<CredentialProtector> logger)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Watchkeeper.Devices.Credentials.v1");

    public string? Protect(string? secret) => string.IsNullOrEmpty(secret) ? null : _protector.Protect(secret);

    /// <summary>Decrypts a stored secret; returns null (and logs the device) when the key ring cannot read it.</summary>
    public string? Unprotect(string? cipherText, long deviceId)
    {
        if (string.IsNullOrEmpty(cipherText))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(cipherText);
        }
        catch (CryptographicException exception)
        {
            logger.LogError(exception, "Stored credentials of device {DeviceId} cannot be decrypted; re-enter them in the ledger", deviceId);
            return null;
        }
    }
}
