namespace Watchkeeper.Server.Hosting;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the SQLite database, logs, the initial admin password and evidence files.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Returns the absolute data directory, created if missing.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[$"{Section}:{nameof(DataDirectory)}"];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
        Directory.CreateDirectory(path);
        return path;
    }
}
