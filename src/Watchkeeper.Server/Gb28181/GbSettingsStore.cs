using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// The GB/T 28181 platform settings set in the console, stored as <see cref="PlatformSetting"/> rows keyed like the
/// configuration ("Gb28181:ServerId"). They override appsettings and environment variables: the store post-configures
/// <see cref="Gb28181Options"/> and signals a change after every load, so <c>IOptionsMonitor</c> readers see them.
/// It loads at start-up, before the session book and the SIP server read the options.
/// </summary>
/// <remarks>
/// NOTE: another server node that shares the database reads the stored values only when it starts.
/// </remarks>
public sealed partial class GbSettingsStore(
    IDbContextFactory<WatchkeeperDbContext> dbFactory,
    CredentialProtector protector,
    TimeProvider time,
    ILogger<GbSettingsStore> logger) : IPostConfigureOptions<Gb28181Options>, IOptionsChangeTokenSource<Gb28181Options>, IStartupSeeder
{
    public const string KeyPrefix = Gb28181Options.Section + ":";

    private static readonly Dictionary<string, Func<Gb28181Options, string, bool>> Appliers = new(StringComparer.Ordinal)
    {
        [nameof(Gb28181Options.ServerId)] = (o, v) => Set(() => o.ServerId = v),
        [nameof(Gb28181Options.Domain)] = (o, v) => Set(() => o.Domain = v),
        [nameof(Gb28181Options.ListenAddress)] = (o, v) => Set(() => o.ListenAddress = v),
        [nameof(Gb28181Options.SipPort)] = (o, v) => TryInt(v, x => o.SipPort = x),
        [nameof(Gb28181Options.EnableUdp)] = (o, v) => TryBool(v, x => o.EnableUdp = x),
        [nameof(Gb28181Options.EnableTcp)] = (o, v) => TryBool(v, x => o.EnableTcp = x),
        [nameof(Gb28181Options.UnknownDevices)] = (o, v) => Enum.TryParse<UnknownDevicePolicy>(v, out var x) && Enum.IsDefined(x) && Set(() => o.UnknownDevices = x),
        [nameof(Gb28181Options.HeartbeatIntervalSeconds)] = (o, v) => TryInt(v, x => o.HeartbeatIntervalSeconds = x),
        [nameof(Gb28181Options.HeartbeatCount)] = (o, v) => TryInt(v, x => o.HeartbeatCount = x),
        [nameof(Gb28181Options.CatalogRefreshMinutes)] = (o, v) => TryInt(v, x => o.CatalogRefreshMinutes = x),
        [nameof(Gb28181Options.StatusRefreshMinutes)] = (o, v) => TryInt(v, x => o.StatusRefreshMinutes = x),
    };

    private volatile IReadOnlyDictionary<string, string> _values = new Dictionary<string, string>();
    private volatile string? _password;
    private CancellationTokenSource _changed = new();

    /// <summary>The option names that have a stored value, e.g. "SipPort"; "Password" when a password is stored.</summary>
    public IReadOnlyCollection<string> StoredNames =>
        _password is null ? _values.Keys.ToList() : _values.Keys.Append(nameof(Gb28181Options.Password)).ToList();

    public string? Name => Options.DefaultName;

    /// <summary>The option names the console may store, besides the password.</summary>
    public static IReadOnlyCollection<string> Names => Appliers.Keys;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void PostConfigure(string? name, Gb28181Options options)
    {
        if (name != Options.DefaultName)
        {
            return;
        }

        foreach (var (key, value) in _values)
        {
            Appliers[key](options, value);
        }

        if (_password is { } password)
        {
            options.Password = password;
        }
    }

    public Task SeedAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Reads the stored values and tells the options monitor to compute the options again.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.PlatformSettings.AsNoTracking().Where(s => s.Key.StartsWith(KeyPrefix)).ToListAsync(cancellationToken);

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? password = null;
        foreach (var row in rows)
        {
            var name = row.Key[KeyPrefix.Length..];
            if (name == nameof(Gb28181Options.Password))
            {
                // NOTE: CredentialProtector logs a failure against a device ID, so it logs device 0 here.
                password = protector.Unprotect(row.Value, 0);
                if (password is null)
                {
                    LogPasswordUnreadable(row.Key);
                }
            }
            else if (Appliers.TryGetValue(name, out var apply) && apply(new Gb28181Options(), row.Value))
            {
                values[name] = row.Value;
            }
            else
            {
                LogIgnored(row.Key, row.Value);
            }
        }

        _values = values;
        _password = password;
        LogLoaded(values.Count, password is not null);
        SignalChange();
    }

    /// <summary>
    /// Stores values by option name (null removes the stored value, so configuration applies again) and loads them.
    /// The password is encrypted here; pass it in plain text.
    /// </summary>
    public async Task SaveAsync(IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var keys = changes.Keys.Select(name => KeyPrefix + name).ToList();
            var rows = await db.PlatformSettings.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, cancellationToken);
            foreach (var (name, value) in changes)
            {
                var key = KeyPrefix + name;
                var stored = name == nameof(Gb28181Options.Password) ? protector.Protect(value) : value;
                var row = rows.GetValueOrDefault(key);
                if (stored is null)
                {
                    if (row is not null)
                    {
                        db.PlatformSettings.Remove(row);
                    }
                }
                else if (row is null)
                {
                    db.PlatformSettings.Add(new PlatformSetting { Key = key, Value = stored, UpdatedAt = time.GetUtcNow() });
                }
                else
                {
                    row.Value = stored;
                    row.UpdatedAt = time.GetUtcNow();
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await LoadAsync(cancellationToken);
    }

    private void SignalChange()
    {
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    private static bool Set(Action assign)
    {
        assign();
        return true;
    }

    private static bool TryInt(string text, Action<int> assign)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        assign(value);
        return true;
    }

    private static bool TryBool(string text, Action<bool> assign)
    {
        if (!bool.TryParse(text, out var value))
        {
            return false;
        }

        assign(value);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} GB/T 28181 settings from the database (password stored: {PasswordStored}); they override configuration")]
    private partial void LogLoaded(int count, bool passwordStored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored the stored setting {Key} = '{Value}': it is not a GB/T 28181 setting the console sets, or its value is invalid")]
    private partial void LogIgnored(string key, string value);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored {Key} cannot be decrypted; configuration applies until it is set again in the console")]
    private partial void LogPasswordUnreadable(string key);
}
