using System.Globalization;
using System.Text;

namespace Triage.Runs;

/// <summary>
/// Slurm host lists (<c>node-[001-003,007],login-1</c>): expanded into names keeping zero padding
/// (bounded: at most <see cref="MaxHosts"/> names; larger lists are refused), and names written
/// back as one.
/// </summary>
public static class SlurmHostList
{
    /// <summary>The most names one list may expand to.</summary>
    public const int MaxHosts = 1_000_000;

    /// <summary>Expands <paramref name="list"/>; false when it is malformed or too large.</summary>
    public static bool TryExpand(string list, out List<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(list);
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

    /// <summary>
    /// Names that differ only in a trailing number of one width become one bracketed range list;
    /// every other name is listed as it is. Order: by prefix, then number.
    /// </summary>
    public static string Compress(IEnumerable<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var parts = new List<string>();
        var numbered = new SortedDictionary<(string Prefix, int Width), List<long>>();
        foreach (var host in hosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var digits = host.Length - host.AsSpan().TrimEnd("0123456789").Length;
            if (digits is 0 or > 18)
            {
                parts.Add(host);
                continue;
            }

            var key = (host[..^digits], digits);
            if (!numbered.TryGetValue(key, out var numbers))
            {
                numbered[key] = numbers = [];
            }

            numbers.Add(long.Parse(host.AsSpan(host.Length - digits), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        foreach (var ((prefix, width), numbers) in numbered)
        {
            if (numbers.Count == 1)
            {
                parts.Add(prefix + Pad(numbers[0], width));
                continue;
            }

            numbers.Sort();
            var ranges = new StringBuilder();
            for (var i = 0; i < numbers.Count;)
            {
                var j = i;
                while (j + 1 < numbers.Count && numbers[j + 1] == numbers[j] + 1)
                {
                    j++;
                }

                ranges.Append(ranges.Length > 0 ? "," : string.Empty).Append(Pad(numbers[i], width));
                if (j > i)
                {
                    ranges.Append('-').Append(Pad(numbers[j], width));
                }

                i = j + 1;
            }

            parts.Add($"{prefix}[{ranges}]");
        }

        return string.Join(',', parts.Order(StringComparer.Ordinal));
    }

    private static string Pad(long n, int width) => n.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
