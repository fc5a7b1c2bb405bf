using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;

namespace Watchkeeper.Server.Tests.Notifications;

/// <summary>
/// A real Exim (Debian's exim4-daemon-light) on 127.0.0.1 with a self-signed certificate: it offers STARTTLS, accepts
/// AUTH PLAIN and LOGIN only after TLS with one fixed account, and delivers every message into a maildir. Exim drops
/// to the Debian-exim user when started with its own configuration, so its folders belong to that user.
/// </summary>
internal sealed class EximSmtpServer : IDisposable
{
    public const string UserName = "alarms";
    public const string Password = "Smtp-Pass-1";

    private readonly Process _process;
    private readonly string _directory;

    private EximSmtpServer(Process process, string directory, int port, string certificateSha256)
    {
        _process = process;
        _directory = directory;
        Port = port;
        CertificateSha256 = certificateSha256;
    }

    public int Port { get; }

    public string CertificateSha256 { get; }

    public string MainLog => File.Exists(Path.Combine(_directory, "log", "mainlog")) ? File.ReadAllText(Path.Combine(_directory, "log", "mainlog")) : "";

    public static EximSmtpServer Start()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/sbin/exim4"))
        {
            throw new InvalidOperationException("Exim is not installed; run: bash -c 'source scripts/lib.sh; ensure_packages exim4-daemon-light'.");
        }

        // Exim reads its configuration as root, which must own it, and then works as Debian-exim, which must reach the folders.
        var directory = Directory.CreateTempSubdirectory("watchkeeper-exim-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        foreach (var folder in new[] { "spool", "log", "maildir" })
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());

        var port = FreePort();
        File.WriteAllText(Path.Combine(directory, "exim.conf"), Configuration(directory, port));
        Run("chown", "-R", "Debian-exim:Debian-exim", Path.Combine(directory, "spool"), Path.Combine(directory, "log"), Path.Combine(directory, "maildir"));
        File.SetUnixFileMode(Path.Combine(directory, "key.pem"), (UnixFileMode)0b110_100_100);

        var start = new ProcessStartInfo("/usr/sbin/exim4") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-C", Path.Combine(directory, "exim.conf"), "-bdf", "-odi" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var server = new EximSmtpServer(process, directory, port, certificate.GetCertHashString(HashAlgorithmName.SHA256));
        server.WaitUntilListening();
        return server;
    }

    /// <summary>Returns the delivered messages, waiting up to ten seconds for <paramref name="count"/> of them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count)
    {
        var folder = Path.Combine(_directory, "maildir", "new");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
            if (files.Length >= count || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return [.. files.Order().Select(file => MimeMessage.Load(file))];
            }

            // Exim delivers in a child process after answering the client; this waits for that process, not for a timer.
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A delivery process may still hold a file for a moment; the folder is under /tmp.
        }
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Exim exited with {_process.ExitCode}: {_process.StandardError.ReadToEnd()} {MainLog}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"Exim did not listen on 127.0.0.1:{Port} within 10 s: {MainLog}");
    }

    private static string Configuration(string directory, int port) => """
        primary_hostname = smtp.watchkeeper.test
        exim_path = /usr/sbin/exim4
        spool_directory = @DIR@/spool
        log_file_path = @DIR@/log/%slog
        pid_file_path = @DIR@/exim.pid
        daemon_smtp_ports = @PORT@
        local_interfaces = 127.0.0.1
        host_lookup =
        rfc1413_hosts =
        never_users =
        keep_environment =
        tls_advertise_hosts = *
        tls_certificate = @DIR@/cert.pem
        tls_privatekey = @DIR@/key.pem
        auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}
        acl_smtp_rcpt = acl_check_rcpt

        begin acl
        acl_check_rcpt:
          accept authenticated = *
          deny message = authentication required

        begin routers
        catchall:
          driver = accept
          transport = maildir_out

        begin transports
        maildir_out:
          driver = appendfile
          directory = @DIR@/maildir
          maildir_format
          create_directory
          user = Debian-exim
          mode = 0644

        begin authenticators
        plain:
          driver = plaintext
          public_name = PLAIN
          server_condition = ${if and{{eq{$auth2}{@USER@}}{eq{$auth3}{@PASS@}}}}
          server_set_id = $auth2
        login:
          driver = plaintext
          public_name = LOGIN
          server_prompts = Username:: : Password::
          server_condition = ${if and{{eq{$auth1}{@USER@}}{eq{$auth2}{@PASS@}}}}
          server_set_id = $auth1
        """.Replace("@DIR@", directory, StringComparison.Ordinal).Replace("@PORT@", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("@USER@", UserName, StringComparison.Ordinal).Replace("@PASS@", Password, StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(command, arguments);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
        }
    }
}
