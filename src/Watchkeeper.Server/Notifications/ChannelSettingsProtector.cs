using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Watchkeeper.Server.Notifications;

/// <summary>Protects channel settings (passwords, robot secrets, tokens in URLs) at rest with ASP.NET Core Data Protection.</summary>
public sealed class ChannelSettingsProtector(IDataProtectionProvider provider, ILogger<ChannelSettingsProtector> logger)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Watchkeeper.Notifications.ChannelSettings.v1");

    public string Protect(ChannelSettings settings) => _protector.Protect(ChannelSettingsJson.Write(settings));

    /// <summary>Decrypts a channel's settings; returns null (and logs the channel) when the key ring cannot read them.</summary>
    public ChannelSettings? Unprotect(NotificationChannel channel)
    {
        try
        {
            return ChannelSettingsJson.ReadStored(_protector.Unprotect(channel.ProtectedSettings));
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or NotSupportedException)
        {
            logger.LogError(exception, "Stored settings of notification channel {ChannelId} cannot be read; enter them again", channel.Id);
            return null;
        }
    }
}
