using System.Net;

namespace Watchkeeper.TestSupport;

/// <summary>
/// Net-SNMP's agent (the Debian package snmpd) serving SNMPv1/v2c on a free port of 127.0.0.1, with a
/// read-only community and a configuration written to a temporary folder.
/// </summary>
public sealed class SnmpdPeer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/snmpd";

    private readonly PeerProcess _process;
    private readonly string _directory;

    private SnmpdPeer(PeerProcess process, string directory, IPEndPoint endpoint, string community)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
        Community = community;
    }

    public IPEndPoint Endpoint { get; }

    public string Community { get; }

    /// <summary>What the agent printed, for assertion messages.</summary>
    public string Output => _process.Output;

    /// <summary>Starts snmpd; throws naming the Debian package when it is not installed.</summary>
    public static async Task<SnmpdPeer> StartAsync(string community, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing. Install the Debian package snmpd (as root: apt-get install -y snmpd); the test script does this.");
        }

        var directory = Directory.CreateTempSubdirectory("watchkeeper-snmpd-").FullName;
        var configuration = Path.Combine(directory, "snmpd.conf");

        // No agentaddress line: the listening address is given on the command line, and both would clash.
        await File.WriteAllTextAsync(configuration, $"rocommunity {community} 127.0.0.1\n", cancellationToken);

        var port = LoopbackPorts.FreeUdpPort();
        var environment = new Dictionary<string, string>
        {
            // An empty MIBS skips loading MIB files, which Debian does not ship with snmpd; OIDs stay numeric.
            ["MIBS"] = "",
            ["SNMP_PERSISTENT_DIR"] = directory,
        };
        var process = PeerProcess.Start(
            Executable,
            ["-f", "-Lo", "-C", "-c", configuration, $"udp:127.0.0.1:{port}"],
            environment,
            directory);

        var peer = new SnmpdPeer(process, directory, new IPEndPoint(IPAddress.Loopback, port), community);
        try
        {
            await process.WaitForOutputAsync("NET-SNMP version", TimeSpan.FromSeconds(15));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The folder is under the temporary directory; leaving it behind does no harm.
        }
    }
}
