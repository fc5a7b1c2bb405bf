using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Hosting;

public static class DataProtectionSetup
{
    /// <summary>
    /// Keeps the Data Protection key ring in the database so that every node can decrypt device credentials.
    /// With <c>DataProtection:CertificatePath</c> (a PFX file, and <c>DataProtection:CertificatePassword</c>)
    /// the keys are themselves encrypted with that certificate.
    /// </summary>
    public static IServiceCollection AddWatchkeeperDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName("Watchkeeper")
            .PersistKeysToDbContext<WatchkeeperDbContext>();

        var certificatePath = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            if (!File.Exists(certificatePath))
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath '{certificatePath}' does not exist; give the path of a PFX file or remove the setting.");
            }

            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]);
            builder.ProtectKeysWithCertificate(certificate);
        }

        return services;
    }
}
