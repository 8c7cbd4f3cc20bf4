using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Triage.Pull.Ssh;

/// <summary>
/// One node over SSH (SSH.NET): files through SFTP (listed, stat'ed and read as seekable streams) and
/// fixed commands through exec requests (<see cref="RemoteCommand"/>), streamed line by line. The host
/// key is checked against <see cref="KnownHosts"/> before anything is sent; a refused key, an
/// authentication failure or an unreachable node throws <see cref="NodeException"/>. Not thread-safe.
/// </summary>
internal sealed class SshNode : IAsyncDisposable
{
    private readonly ConnectionInfo _connection;
    private readonly SshTarget _target;
    private readonly KnownHosts _knownHosts;
    private readonly HostKeyPolicy _policy;
    private readonly Action<string> _notice;
    private readonly int _maxLineBytes;
    private SftpClient? _sftp;
    private SshClient? _ssh;
    private string? _refusal;
    private (string Type, byte[] Key)? _newKey;

    private SshNode(ConnectionInfo connection, SshTarget target, KnownHosts knownHosts, HostKeyPolicy policy, Action<string> notice, int maxLineBytes)
    {
        _connection = connection;
        _target = target;
        _knownHosts = knownHosts;
        _policy = policy;
        _notice = notice;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Connects (SFTP first) and authenticates.</summary>
    /// <exception cref="NodeException">Unreachable, host key refused, authentication failed, timed out.</exception>
    public static async Task<SshNode> ConnectAsync(
        SshTarget target, IReadOnlyList<AuthenticationMethod> methods, KnownHosts knownHosts, HostKeyPolicy policy, TimeSpan connectTimeout,
        Action<string> notice, int maxLineBytes, CancellationToken cancellationToken)
    {
        var connection = new ConnectionInfo(target.Address, target.Port, target.User, [.. methods]) { Timeout = connectTimeout };
        var node = new SshNode(connection, target, knownHosts, policy, notice, maxLineBytes);
        node._sftp = new SftpClient(connection);
        await node.OpenAsync(node._sftp, cancellationToken).ConfigureAwait(false);
        return node;
    }

    /// <summary>The SFTP client (connected).</summary>
    public SftpClient Sftp => _sftp ?? throw new ObjectDisposedException(nameof(SshNode));

    /// <summary>Runs <paramref name="program"/> with quoted <paramref name="arguments"/> and yields its stdout lines (cut at the line limit).</summary>
    /// <exception cref="IOException">The command could not run or exited non-zero (with its first stderr line).</exception>
    public async IAsyncEnumerable<string> RunLinesAsync(
        string program, IReadOnlyList<string> arguments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = await CreateCommandAsync(program, arguments, cancellationToken).ConfigureAwait(false);
        var execution = command.ExecuteAsync(cancellationToken);
        var lines = new BoundedLineReader(command.OutputStream, _maxLineBytes);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }

        await FinishAsync(command, execution, program).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="program"/> and streams its stdout into <paramref name="localPath"/> (at most <paramref name="maxBytes"/>).</summary>
    /// <exception cref="IOException">It could not run, exited non-zero, or wrote more than the bound.</exception>
    public async Task RunToFileAsync(string program, IReadOnlyList<string> arguments, string localPath, long maxBytes, CancellationToken cancellationToken)
    {
        using var command = await CreateCommandAsync(program, arguments, cancellationToken).ConfigureAwait(false);
        var execution = command.ExecuteAsync(cancellationToken);
        var local = new FileStream(localPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (local.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await command.OutputStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (local.Length + n > maxBytes)
                {
                    throw new IOException($"'{program}' wrote more than {maxBytes} bytes");
                }

                await local.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }

        await FinishAsync(command, execution, program).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _sftp?.Dispose();
        _ssh?.Dispose();
        _sftp = null;
        _ssh = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>The exec connection is opened on the first command (a node read only over SFTP never opens it).</summary>
    private async Task<SshCommand> CreateCommandAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (_ssh is null)
        {
            var ssh = new SshClient(_connection);
            await OpenAsync(ssh, cancellationToken).ConfigureAwait(false);
            _ssh = ssh;
        }

        return _ssh.CreateCommand(RemoteCommand.Build(program, arguments));
    }

    private static async Task FinishAsync(SshCommand command, Task execution, string program)
    {
        try
        {
            await execution.ConfigureAwait(false);
        }
        catch (SshException ex)
        {
            throw new IOException($"'{program}' failed: {ex.Message}", ex);
        }

        if (command.ExitStatus is { } status && status != 0)
        {
            var error = command.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
            throw new IOException($"'{program}' exited with {status}" + (error.Length > 0 ? ": " + Triage.Text.TerminalText.Sanitize(error, 300) : string.Empty));
        }
    }

    private async Task OpenAsync(BaseClient client, CancellationToken cancellationToken)
    {
        client.HostKeyReceived += OnHostKey;
        var where = $"{_target.User}@{KnownHosts.HostKeyName(_target.Address, _target.Port)}";
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_refusal is not null && ex is not OperationCanceledException)
        {
            client.Dispose();
            throw new NodeException(_refusal, ex);
        }
        catch (SshAuthenticationException ex)
        {
            client.Dispose();
            var keys = _target.IdentityFiles.Count == 0 ? "no key files" : "keys " + string.Join(", ", _target.IdentityFiles);
            throw new NodeException($"{where}: authentication refused ({keys}, and the agent when SSH_AUTH_SOCK is set): {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is SshException or SocketException or IOException or TimeoutException)
        {
            client.Dispose();
            throw new NodeException($"{where}: unreachable: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new NodeException($"{where}: no answer within {_connection.Timeout.TotalSeconds:0} s");
        }

        if (_newKey is { } key)
        {
            _newKey = null;
            try
            {
                var name = KnownHosts.HostKeyName(_target.Address, _target.Port);
                if (_knownHosts.Check(name, key.Type, key.Key) == HostKeyVerdict.Unknown)
                {
                    await _knownHosts.AddAsync(name, key.Type, key.Key, cancellationToken).ConfigureAwait(false);
                    _notice($"{_target.Name}: new host key {key.Type} {KnownHosts.Fingerprint(key.Key)} for {name} accepted and recorded in {_knownHosts.UserFile} (first contact)");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _notice($"{_target.Name}: new host key accepted but not recorded in {_knownHosts.UserFile}: {ex.Message}");
            }
        }
    }

    private void OnHostKey(object? sender, HostKeyEventArgs e)
    {
        var name = KnownHosts.HostKeyName(_target.Address, _target.Port);
        var verdict = _knownHosts.Check(name, e.HostKeyName, e.HostKey);
        var fingerprint = $"{e.HostKeyName} {KnownHosts.Fingerprint(e.HostKey)}";
        switch (verdict)
        {
            case HostKeyVerdict.Known:
                e.CanTrust = true;
                return;
            case HostKeyVerdict.Unknown when _policy == HostKeyPolicy.AcceptNew:
                e.CanTrust = true;
                _newKey = (e.HostKeyName, e.HostKey);
                return;
            case HostKeyVerdict.Unknown:
                _refusal = $"{name}: host key {fingerprint} is not in {_knownHosts.UserFile} and --host-key-policy is strict; check it and add it (ssh-keyscan, or connect once with ssh)";
                break;
            case HostKeyVerdict.Revoked:
                _refusal = $"{name}: host key {fingerprint} is marked @revoked in the known-hosts files; refused";
                break;
            default:
                _refusal = $"{name}: HOST KEY CHANGED: the node presented {fingerprint}, which is not the key known for it. "
                    + $"Someone may be intercepting the connection, or the node was re-installed. Not pulled. If the change is expected, remove the old key: ssh-keygen -R '{name}' -f {_knownHosts.UserFile}";
                break;
        }

        e.CanTrust = false;
    }
}
