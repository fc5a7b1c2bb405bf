using System.Diagnostics;
using System.Text;

namespace Watchkeeper.TestSupport;

/// <summary>
/// A protocol peer from Debian (GStreamer's RTSP server, snmpd, an SMTP sink) run as a child process for a
/// test. Disposing kills the process tree that this object started, and nothing else.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/>; throws with a clear message when it is not installed.</summary>
    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"{fileName} could not be started ({exception.Message}). Install the Debian package that provides it; scripts/test.sh does this as root.",
                exception);
        }

        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; throws with the output on timeout or exit.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                // The parameterless wait returns only after the redirected output has been read to its end.
                _process.WaitForExit();
                if (Output.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode} before printing '{text}'. Output:\n{Output}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{_process.StartInfo.FileName} did not print '{text}' within {timeout}. Output:\n{Output}");
    }

    /// <summary>Waits until the process exits and its output has been read; returns false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // The process exited between the check and the kill.
        }
        catch (TimeoutException)
        {
            // NOTE: a peer that ignores SIGKILL for 10 s is left to the operating system.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
