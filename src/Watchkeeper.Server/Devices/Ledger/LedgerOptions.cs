namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>The <c>Ledger</c> configuration section: limits of ledger imports.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>Largest file an import accepts, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Maximum device rows in one file.</summary>
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Maximum columns in one file. The template has 29.</summary>
    public int MaxColumns { get; set; } = 100;

    /// <summary>
    /// Largest total size of the parts inside an .xlsx package once unpacked, in bytes, so that a small file
    /// cannot unpack into gigabytes.
    /// </summary>
    public long MaxUnpackedXlsxBytes { get; set; } = 1024L * 1024 * 1024;
}

public static class LedgerServiceCollectionExtensions
{
    /// <summary>Registers the ledger import and export services and their options.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LedgerOptions>(configuration.GetSection(LedgerOptions.Section));
        services.AddScoped<LedgerImportService>();
        services.AddScoped<LedgerExportService>();
        return services;
    }
}
