using System.Security.Cryptography;
using System.Text;

namespace Triage.Pull.Ssh;

/// <summary>
/// OpenSSH known-hosts files (<c>sshd(8)</c> "SSH_KNOWN_HOSTS FILE FORMAT"): lines
/// <c>[@marker] hostpatterns keytype base64key [comment]</c>, host patterns comma-separated with
/// <c>*</c>/<c>?</c>/<c>!</c>, <c>[host]:port</c> for ports other than 22, hashed names
/// <c>|1|base64salt|base64(HMAC-SHA1(salt, name))</c>. <c>@revoked</c> keys are refused;
/// <c>@cert-authority</c> lines are not used (certificates are not checked). New keys are appended
/// to the first file as <c>[address]:port keytype base64</c>. Thread-safe.
/// </summary>
public sealed class KnownHosts
{
    private const int MaxBytes = 16 << 20;
    private static readonly SemaphoreSlim WriteLock = new(1, 1);
    private readonly IReadOnlyList<string> _files;
    private readonly List<(string Marker, string[] Patterns, string KeyType, byte[] Key)> _entries = [];
    private readonly Lock _gate = new();

    private KnownHosts(IReadOnlyList<string> files) => _files = files;

    /// <summary>The file new keys are written to.</summary>
    public string UserFile => _files[0];

    /// <summary>Reads <paramref name="files"/> (missing ones are empty); the first is where new keys go.</summary>
    /// <exception cref="TriageException">A file exists but cannot be read.</exception>
    public static KnownHosts Load(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfZero(files.Count);
        var known = new KnownHosts(files);
        foreach (var file in files.Where(File.Exists))
        {
            try
            {
                if (new FileInfo(file).Length > MaxBytes)
                {
                    throw new TriageException($"known-hosts file '{file}' is larger than {MaxBytes} bytes", ExitCodes.Usage);
                }

                foreach (var line in File.ReadLines(file))
                {
                    known.Add(line);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new TriageException($"known-hosts file '{file}' cannot be read: {ex.Message}", ExitCodes.Usage, ex);
            }
        }

        return known;
    }

    /// <summary>The name a host is listed under: <c>address</c> for port 22, else <c>[address]:port</c>.</summary>
    public static string HostKeyName(string address, int port) =>
        port == 22 ? address : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{address}]:{port}");

    /// <summary>What the files say about <paramref name="key"/> (the SSH wire blob) for <paramref name="name"/>.</summary>
    public HostKeyVerdict Check(string name, string keyType, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        var listed = false;
        lock (_gate)
        {
            foreach (var (marker, patterns, type, stored) in _entries)
            {
                if (!Matches(patterns, name))
                {
                    continue;
                }

                var same = CryptographicOperations.FixedTimeEquals(stored, key);
                if (marker == "@revoked")
                {
                    if (same)
                    {
                        return HostKeyVerdict.Revoked;
                    }

                    continue;
                }

                if (same && string.Equals(type, keyType, StringComparison.Ordinal))
                {
                    return HostKeyVerdict.Known;
                }

                listed = true;
            }
        }

        return listed ? HostKeyVerdict.Changed : HostKeyVerdict.Unknown;
    }

    /// <summary>Appends a key for <paramref name="name"/> to <see cref="UserFile"/> (creating it, mode 0600).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public async Task AddAsync(string name, string keyType, byte[] key, CancellationToken cancellationToken = default)
    {
        var line = $"{name} {keyType} {Convert.ToBase64String(key)}\n";
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dir = Path.GetDirectoryName(UserFile);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            var created = !File.Exists(UserFile);
            await File.AppendAllTextAsync(UserFile, line, cancellationToken).ConfigureAwait(false);
            if (created && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(UserFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            WriteLock.Release();
        }

        lock (_gate)
        {
            Add(line);
        }
    }

    /// <summary>SHA256 fingerprint as OpenSSH prints it (<c>SHA256:base64-without-padding</c>).</summary>
    public static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');

    private void Add(string raw)
    {
        var words = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0].StartsWith('#'))
        {
            return;
        }

        var marker = words[0].StartsWith('@') ? words[0] : string.Empty;
        var at = marker.Length > 0 ? 1 : 0;
        if (words.Length < at + 3 || marker == "@cert-authority")
        {
            return;
        }

        try
        {
            _entries.Add((marker, words[at].Split(','), words[at + 1], Convert.FromBase64String(words[at + 2])));
        }
        catch (FormatException)
        {
            // A damaged line names no usable key; ssh skips it too.
        }
    }

    private static bool Matches(string[] patterns, string name)
    {
        var matched = false;
        foreach (var pattern in patterns)
        {
            if (pattern.StartsWith("|1|", StringComparison.Ordinal))
            {
                matched |= HashedMatches(pattern, name);
                continue;
            }

            var negated = pattern.StartsWith('!');
            if (Hosts.SshConfigFile.Glob(negated ? pattern[1..] : pattern, name))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    private static bool HashedMatches(string pattern, string name)
    {
        var parts = pattern.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            return CryptographicOperations.FixedTimeEquals(HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name)), hash);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
