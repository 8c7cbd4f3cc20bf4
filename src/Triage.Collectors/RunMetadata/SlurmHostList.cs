using System.Globalization;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Expands Slurm host lists (<c>node-[001-003,007],login-1</c>) into names, keeping zero padding.
/// Bounded: at most <see cref="MaxHosts"/> names; larger lists are refused.
/// </summary>
internal static class SlurmHostList
{
    /// <summary>The most names one list may expand to.</summary>
    public const int MaxHosts = 1_000_000;

    /// <summary>Expands <paramref name="list"/>; false when it is malformed or too large.</summary>
    public static bool TryExpand(string list, out List<string> hosts)
    {
        hosts = [];
        foreach (var part in SplitTopLevel(list))
        {
            if (part.Length > 0 && !TryExpandOne(part, hosts))
            {
                return false;
            }
        }

        return hosts.Count > 0;
    }

    private static bool TryExpandOne(string name, List<string> hosts)
    {
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            if (name.Contains(']', StringComparison.Ordinal) || hosts.Count >= MaxHosts)
            {
                return false;
            }

            hosts.Add(name);
            return true;
        }

        var close = name.IndexOf(']', open);
        if (close < 0)
        {
            return false;
        }

        var prefix = name[..open];
        var suffix = name[(close + 1)..];
        foreach (var range in name[(open + 1)..close].Split(','))
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var from = dash < 0 ? range : range[..dash];
            var to = dash < 0 ? range : range[(dash + 1)..];
            if (!int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                || !int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                || high < low || high - low >= MaxHosts)
            {
                return false;
            }

            for (var i = low; i <= high; i++)
            {
                var number = i.ToString(CultureInfo.InvariantCulture).PadLeft(from.Length, '0');
                if (!TryExpandOne(prefix + number + suffix, hosts))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                yield return list[start..i].Trim();
                start = i + 1;
            }
        }

        yield return list[start..].Trim();
    }
}
