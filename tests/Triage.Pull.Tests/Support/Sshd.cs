using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Triage.Pull.Tests.Support;

/// <summary>
/// A real OpenSSH server (Debian openssh-server's /usr/sbin/sshd) on 127.0.0.1 and a free port, with a
/// throw-away host key and config in its own folder; killed on dispose (also when a test failed).
/// </summary>
internal sealed class Sshd : IAsyncDisposable
{
    private const string Program = "/usr/sbin/sshd";
    private readonly Process _process;

    private Sshd(Process process, int port, string hostKeyPublic)
    {
        _process = process;
        Port = port;
        HostKeyPublic = hostKeyPublic;
    }

    public int Port { get; }

    /// <summary>The host key as a known-hosts line's "type base64" part.</summary>
    public string HostKeyPublic { get; }

    public static bool Available => File.Exists(Program);

    public static async Task<Sshd> StartAsync(string dir, string authorizedKeys, string nodeRoot)
    {
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory("/run/sshd"); // privilege separation directory sshd insists on
        var hostKey = Path.Combine(dir, "host_ed25519");
        if (!File.Exists(hostKey))
        {
            await Processes.KeygenAsync(hostKey);
        }

        var port = FreePort();
        var config = Path.Combine(dir, "sshd_config");
        File.WriteAllText(config, $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            AuthorizedKeysFile {authorizedKeys}
            StrictModes no
            UsePAM no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PidFile {Path.Combine(dir, "sshd.pid")}
            Subsystem sftp internal-sftp
            MaxStartups 64
            MaxSessions 64
            SetEnv NODE_ROOT={nodeRoot}

            """);
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetResult();
                return;
            }

            log.Enqueue(e.Data);
            if (e.Data.Contains("Server listening", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (process.HasExited)
        {
            throw new InvalidOperationException("sshd did not start: " + string.Join(" | ", log));
        }

        var pub = File.ReadAllText(hostKey + ".pub").Split(' ');
        return new Sshd(process, port, pub[0] + " " + pub[1]);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }
}
