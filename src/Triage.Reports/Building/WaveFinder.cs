namespace Triage.Reports.Building;

/// <summary>
/// Finds waves: runs of time buckets with symptoms, a gap of at most one empty bucket apart, holding
/// at least <see cref="MinSymptoms"/> symptoms. A crash's cascade (timeouts on every peer, SIGTERMs,
/// teardown) is one wave.
/// </summary>
internal static class WaveFinder
{
    /// <summary>Fewer symptoms than this in a run of buckets is background, not a wave.</summary>
    public const int MinSymptoms = 10;

    public static IReadOnlyList<Wave> Find(
        IReadOnlyList<(DateTimeOffset At, string Kind, long Count)> byKind,
        IReadOnlyList<(string Host, DateTimeOffset At, long Count)> byHost,
        int bucketSeconds)
    {
        var width = TimeSpan.FromSeconds(bucketSeconds);
        var buckets = byKind.GroupBy(r => r.At).OrderBy(g => g.Key).ToList();
        var waves = new List<Wave>();
        var i = 0;
        while (i < buckets.Count)
        {
            var j = i;
            while (j + 1 < buckets.Count && buckets[j + 1].Key - buckets[j].Key <= width * 2)
            {
                j++;
            }

            var start = buckets[i].Key;
            var end = buckets[j].Key + width;
            var rows = buckets.Skip(i).Take(j - i + 1).SelectMany(g => g).ToList();
            var count = rows.Sum(r => r.Count);
            if (count >= MinSymptoms)
            {
                var kinds = rows.GroupBy(r => r.Kind, StringComparer.Ordinal)
                    .Select(g => new KindCount(g.Key, g.Sum(r => r.Count)))
                    .OrderByDescending(k => k.Count).ThenBy(k => k.Kind, StringComparer.Ordinal)
                    .ToList();
                var hosts = byHost.Where(h => h.At >= start && h.At < end).Select(h => h.Host).Distinct(StringComparer.Ordinal).Count();
                waves.Add(new Wave(start, end, count, hosts, kinds));
            }

            i = j + 1;
        }

        return waves;
    }
}
