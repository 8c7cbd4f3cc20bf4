using System.Globalization;

namespace Triage.Pull.Hosts;

/// <summary>
/// Reads host lists: <c>--hosts</c> (comma- or space-separated) and <c>--hostfile</c> (one entry a line,
/// <c>#</c> comments; MPI hostfile words after the name such as <c>slots=8</c> are ignored). An entry is
/// <c>NAME</c> (an <c>~/.ssh/config</c> alias or a DNS name) or <c>NAME=ADDRESS[:PORT]</c>
/// (<c>NAME=[IPv6]:PORT</c> for IPv6 with a port).
/// </summary>
public static class HostListParser
{
    private const int MaxNameLength = 253;

    /// <summary>Parses a <c>--hosts</c> value.</summary>
    /// <exception cref="TriageException">An entry is malformed or a name repeats (exit code 2).</exception>
    public static IReadOnlyList<NodeSpec> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return Collect(list.Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "--hosts");
    }

    /// <summary>Parses the text of a host file.</summary>
    /// <exception cref="TriageException">An entry is malformed or a name repeats (exit code 2).</exception>
    public static IReadOnlyList<NodeSpec> ParseFile(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                entries.AddRange(words[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return Collect(entries, fileName);
    }

    /// <summary>Parses one entry.</summary>
    /// <exception cref="TriageException">The entry is malformed (exit code 2).</exception>
    public static NodeSpec ParseEntry(string entry, string where)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? entry : entry[..eq];
        CheckName(name, entry, where);
        if (eq < 0)
        {
            return new NodeSpec(name, name, null);
        }

        var target = entry[(eq + 1)..];
        string address;
        int? port = null;
        if (target.StartsWith('['))
        {
            var close = target.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Bad(entry, where, "an IPv6 address in [ ] has no closing ]");
            }

            address = target[1..close];
            var rest = target[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? ParsePort(rest[1..], entry, where) : throw Bad(entry, where, "expected :PORT after ]");
            }
        }
        else
        {
            var colon = target.LastIndexOf(':');
            if (colon >= 0 && target.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                address = target; // a bare IPv6 address, no port
            }
            else if (colon >= 0)
            {
                address = target[..colon];
                port = ParsePort(target[(colon + 1)..], entry, where);
            }
            else
            {
                address = target;
            }
        }

        if (address.Length == 0 || address.Length > MaxNameLength || !address.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '%'))
        {
            throw Bad(entry, where, "the address is empty or not a host name or IP address");
        }

        return new NodeSpec(name, address, port);
    }

    private static List<NodeSpec> Collect(IEnumerable<string> entries, string where)
    {
        var nodes = new List<NodeSpec>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var node = ParseEntry(entry, where);
            if (!seen.Add(node.Name))
            {
                throw new TriageException($"{where}: node '{Safe(node.Name)}' is listed twice", ExitCodes.Usage);
            }

            nodes.Add(node);
        }

        if (nodes.Count == 0)
        {
            throw new TriageException($"{where}: no hosts given", ExitCodes.Usage);
        }

        return nodes;
    }

    private static void CheckName(string name, string entry, string where)
    {
        // The name becomes a host and the first part of source paths (NAME:/path): no ':' or '/'.
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw Bad(entry, where, "a node name is letters, digits, '-', '_' and '.'");
        }
    }

    private static int ParsePort(string text, string entry, string where) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw Bad(entry, where, "the port is not a number 1..65535");

    private static TriageException Bad(string entry, string where, string why) =>
        new($"{where}: '{Safe(entry)}' is not NAME or NAME=ADDRESS[:PORT]: {why}", ExitCodes.Usage);

    private static string Safe(string text) => Triage.Text.TerminalText.Sanitize(text.Length > 80 ? text[..80] + "…" : text);
}
