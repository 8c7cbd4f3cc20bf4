using System.Globalization;
using Triage.Correlation.Engine;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

public sealed class CandidateFinderTests
{
    [Fact]
    public void Find_JobLevelNanLossesHoldingEveryShard_DoNotDiluteCrashesOnARareShard()
    {
        // As at 16,384 ranks: two illegal memory accesses (two lines each) on ranks that read
        // web-0310 (0.17% of rank-steps), and the job's NaN losses and an fp16 overflow, which join
        // every shard of their step: web-0310 is one of hundreds there (a third of the steps hold
        // it). Tested over all kinds together, the NaNs' weak hits dilute the crashes' evidence
        // below significance; the strongest subset of kinds does not.
        var roots = new List<Observation>();
        var factors = new List<RootFactors>();
        var t0 = new DateTimeOffset(2026, 4, 26, 0, 0, 0, TimeSpan.Zero);
        void Root(string kind, double hours, double? badShare, int others)
        {
            var s = new Symptom
            {
                Id = $"s{roots.Count}",
                Run = "r",
                Timestamp = t0.AddHours(hours),
                Kind = kind,
                Category = SymptomCategory.Software,
                Severity = Severity.Error,
                Signature = kind,
                Message = kind,
                Source = new SymptomSource("a.log", roots.Count + 1, 0),
                Rule = "test",
            };
            roots.Add(new Observation(s, 1, s.Timestamp, isGroup: false));
            var f = new RootFactors();
            if (badShare is { } share)
            {
                f.Add("data_shard", "web-0310", share);
            }

            // Other shards of the same rows: hundreds of values to test in all.
            for (var o = 0; o < others; o++)
            {
                f.Add("data_shard", "web-" + ((roots.Count * 211 + o) % 864).ToString("0000", CultureInfo.InvariantCulture), others > 1 ? 0.33 : 0.0025);
            }

            factors.Add(f);
        }

        Root("cuda.illegal_address", 1, 0.0017, 1);
        Root("cuda.illegal_address", 1, 0.0017, 1);
        Root("cuda.illegal_address", 2, 0.0017, 1);
        Root("cuda.illegal_address", 2, 0.0017, 1);
        Root("train.nan", 1.5, 0.33, 215);
        Root("train.nan", 1.5, 0.33, 215);
        Root("train.nan", 1.7, 0.33, 215);
        Root("train.overflow", 1.7, 0.33, 215);

        var finder = new CandidateFinder();
        var candidates = finder.Find(roots, [.. factors], new Dictionary<string, FactorSource> { ["data_shard"] = FactorSource.Manifest });

        var shard = Assert.Single(candidates, c => c.Factors.Any(f => f.Value == "web-0310"));
        Assert.True(shard.AdjustedP < CandidateFinder.Significance, string.Join("\n", finder.Report));
        Assert.Contains(0, shard.Covers);
    }
}
