using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Whether root failures are spread over the job's hosts as their shares predict (software: it follows
/// the data or code) or concentrated (hardware may be involved) (docs/architecture.md §4, step 3).
/// </summary>
internal static class HostDispersion
{
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    public static (string Sentence, bool Even)? Test(NarrationContext ctx, IReadOnlyList<Symptom> roots)
    {
        var withHost = roots.Where(s => s.Host is not null).ToList();
        if (withHost.Count < 3 || ctx.Baseline.Hosts < 2)
        {
            return null;
        }

        // One event is counted once: lines of one host at the same second (a kernel message and its
        // continuation, a crash and its traceback) are one failure of that host.
        var events = withHost.Select(s => (s.Host!, Second: s.Timestamp?.ToUnixTimeSeconds())).Distinct().ToList();
        var counts = events.GroupBy(e => e.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var max = counts.MaxBy(kv => kv.Value);
        var n = events.Count;
        if (n < 3)
        {
            return null;
        }

        var allHosts = Math.Max(ctx.Baseline.Hosts, counts.Count);
        string test;
        double p;
        if (n >= 5 * allHosts)
        {
            // χ² of the hosts' counts against their share of the job (every host expects 5 or more).
            var chi = 0.0;
            var seenExpected = 0.0;
            foreach (var (host, observed) in counts)
            {
                var expected = n * ctx.Baseline.HostShare(host);
                seenExpected += expected;
                chi += (observed - expected) * (observed - expected) / expected;
            }

            chi += Math.Max(0, n - seenExpected); // hosts with none: Σ (0 - e)² / e = Σ e
            p = Stats.ChiSquareSurvival(chi, allHosts - 1);
            test = string.Create(Inv, $"χ² = {chi:0.0} on {allHosts - 1} degrees of freedom");
        }
        else
        {
            // Too few for χ² (which calls any few failures "concentrated" when hosts are many): the
            // chance that some host gets this many or more by its share alone (a union bound, so p is
            // if anything too large).
            var baselineHosts = ctx.Baseline.Hosts;
            p = Math.Min(1, counts.Keys.Sum(h => Stats.BinomialUpperTail(max.Value, n, ctx.Baseline.HostShare(h)))
                + (Math.Max(0, baselineHosts - counts.Count) * Stats.BinomialUpperTail(max.Value, n, 1.0 / Math.Max(1, baselineHosts))));
            test = string.Create(Inv, $"the chance that some host gets {max.Value} or more of {n} by its share alone");
        }

        var even = p >= 0.01 && max.Value <= Math.Max(2, n / 2);
        var sentence = string.Create(Inv,
            $"The {(n == withHost.Count ? $"{n} root failures" : $"{withHost.Count} root failures ({n} events: lines of one host in the same second count once)")} are spread over {counts.Count} of {allHosts} hosts and {Wording.Plural(roots.Select(s => s.Rank).OfType<int>().Distinct().Count(), "rank")}, at most {max.Value} on one host ({max.Key}); against the hosts' share of the job, {test}: p = {Wording.P(p)} ({(even ? "consistent with an even spread" : "concentrated")}).");
        return (sentence, even);
    }
}
