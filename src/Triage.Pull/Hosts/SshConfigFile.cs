using System.Globalization;
using System.Text.RegularExpressions;

namespace Triage.Pull.Hosts;

/// <summary>
/// The subset of OpenSSH's <c>ssh_config(5)</c> that <c>triage pull</c> uses: <c>Host</c> blocks with
/// patterns (<c>*</c>, <c>?</c>, <c>!negation</c>) and the keywords <c>HostName</c> (<c>%h</c> expanded),
/// <c>Port</c>, <c>User</c>, <c>IdentityFile</c> and <c>UserKnownHostsFile</c>. As in ssh, the first value
/// obtained for a keyword wins (identity files accumulate). <c>Match</c> blocks are skipped, and so is
/// <c>Include</c>; other keywords are ignored.
/// </summary>
public sealed class SshConfigFile
{
    private const int MaxBytes = 1 << 20;
    private readonly List<(string[] Patterns, List<(string Key, string Value)> Settings)> _blocks = [];
    private readonly string _home;

    private SshConfigFile(string home) => _home = home;

    /// <summary>An empty configuration.</summary>
    public static SshConfigFile Empty { get; } = new(string.Empty);

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty configuration.</summary>
    /// <exception cref="TriageException">The file exists but cannot be read or is too large.</exception>
    public static SshConfigFile Load(string path, string home)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new SshConfigFile(home);
        }

        try
        {
            if (new FileInfo(path).Length > MaxBytes)
            {
                throw new TriageException($"ssh config '{path}' is larger than {MaxBytes} bytes", ExitCodes.Usage);
            }

            return Parse(File.ReadAllText(path), home);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageException($"ssh config '{path}' cannot be read: {ex.Message}", ExitCodes.Usage, ex);
        }
    }

    /// <summary>Parses the text of a configuration file.</summary>
    public static SshConfigFile Parse(string text, string home)
    {
        ArgumentNullException.ThrowIfNull(text);
        var config = new SshConfigFile(home);
        List<(string, string)>? current = []; // settings before any Host apply to every host
        config._blocks.Add((["*"], current));
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var split = line.IndexOfAny([' ', '\t', '=']);
            if (split < 0)
            {
                continue;
            }

            var key = line[..split].ToLowerInvariant();
            var value = line[(split + 1)..].Trim().TrimStart('=').Trim();
            switch (key)
            {
                case "host":
                    current = [];
                    config._blocks.Add((value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries), current));
                    break;
                case "match":
                    current = null; // not supported: its settings are ignored
                    break;
                default:
                    current?.Add((key, Unquote(value)));
                    break;
            }
        }

        return config;
    }

    /// <summary>The settings for <paramref name="host"/> (the name as given on the host list).</summary>
    public SshHostConfig For(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        string? hostName = null;
        int? port = null;
        string? user = null;
        var identities = new List<string>();
        var knownHosts = new List<string>();
        foreach (var (patterns, settings) in _blocks)
        {
            if (!Matches(patterns, host))
            {
                continue;
            }

            foreach (var (key, value) in settings)
            {
                switch (key)
                {
                    case "hostname":
                        hostName ??= value.Replace("%h", host, StringComparison.Ordinal);
                        break;
                    case "port":
                        port ??= int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : null;
                        break;
                    case "user":
                        user ??= value;
                        break;
                    case "identityfile":
                        identities.Add(Expand(value, host));
                        break;
                    case "userknownhostsfile" when knownHosts.Count == 0:
                        knownHosts.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => Expand(v, host)));
                        break;
                }
            }
        }

        return new SshHostConfig(hostName, port, user, identities, knownHosts);
    }

    private static bool Matches(string[] patterns, string host)
    {
        var matched = false;
        foreach (var pattern in patterns)
        {
            var negated = pattern.StartsWith('!');
            var glob = negated ? pattern[1..] : pattern;
            if (Glob(glob, host))
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

    /// <summary>ssh's host pattern: <c>*</c> any run, <c>?</c> one character, case-insensitive.</summary>
    internal static bool Glob(string pattern, string text) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private string Expand(string value, string host)
    {
        var expanded = value.Replace("%h", host, StringComparison.Ordinal).Replace("%d", _home, StringComparison.Ordinal);
        return expanded.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(_home, expanded[2..]) : expanded;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
