using System.Globalization;
using System.Text;

namespace Triage.Correlation.Engine;

/// <summary>Host names written the way Slurm writes node lists: <c>node-[001-004,007],login1</c>.</summary>
internal static class HostLists
{
    /// <summary>
    /// Names that differ only in a trailing number of one width become one bracketed range list;
    /// every other name is listed as it is. Order: by prefix, then number.
    /// </summary>
    public static string Compress(IEnumerable<string> hosts)
    {
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
                parts.Add(prefix + numbers[0].ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
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
