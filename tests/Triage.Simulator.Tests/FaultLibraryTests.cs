using System.Text.RegularExpressions;
using Triage.Hypotheses;
using Triage.Simulator.Tests.Support;
using Triage.Symptoms;

namespace Triage.Simulator.Tests;

/// <summary>Every scenario of the fault library, at small scale and two seeds: the truth agrees with the files.</summary>
public sealed partial class FaultLibraryTests
{
    private static readonly TimeSpan SkewTolerance = TimeSpan.FromSeconds(10);

    public static TheoryData<string, int> Library()
    {
        var data = new TheoryData<string, int>();
        foreach (var s in RunSimulator.ScenarioNames.Append("ecc,ib-flap"))
        {
            data.Add(s, 1);
            data.Add(s, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Library))]
    public async Task Truth_EveryListedLine_ExistsAndLooksAbnormal(string scenario, int seed)
    {
        var run = await SimulatedRun.GetAsync(scenario, seed);
        var files = run.Files().ToHashSet(StringComparer.Ordinal);

        // The lines a rule is meant to find look abnormal; their blocks' companions (frames, "To avoid data
        // inconsistency ...", a recovery "Link up") are labelled too but need not.
        var entries = run.Truth.Symptoms.Where(s => s.Primary).Select(s => (s.Path, s.Line, What: s.Cause + "/" + s.Role))
            .Concat(run.Truth.Noise.Where(n => n.Primary).Select(n => (n.Path, n.Line, What: "noise")));
        foreach (var group in entries.GroupBy(e => e.Path))
        {
            Assert.Contains(group.Key, files);
            var lines = run.Lines(group.Key);
            foreach (var (_, line, what) in group)
            {
                Assert.InRange(line, 1, lines.Length);
                var text = lines[line - 1];
                Assert.True(Abnormal().IsMatch(text), $"{group.Key}:{line} ({what}) does not look abnormal: {text}");
            }
        }

        Assert.NotEmpty(run.Truth.Symptoms);
        Assert.All(run.Truth.Causes, c => Assert.Contains(run.Truth.Symptoms, s => s.Cause == c.Id && s.Role == AttributionRole.Root));
    }

    [Theory]
    [MemberData(nameof(Library))]
    public async Task Extraction_EverySymptomFound_IsLabelledInTheTruth(string scenario, int seed)
    {
        var run = await SimulatedRun.GetAsync(scenario, seed);
        var labelled = run.Truth.Symptoms.Select(s => (s.Path, s.Line)).Concat(run.Truth.Noise.Select(n => (n.Path, n.Line))).ToHashSet();

        // meta.* symptoms (e.g. where a rank runs, from NCCL init lines) are facts, not abnormal lines: the truth does not list them.
        // log.unknown symptoms are mined context (stack frames, launcher summaries), not rule findings: only their truth lines are checked (UnknownMessageTests).
        // Info-level symptoms are echoes of a labelled event (the watchdog's companion lines, a
        // ChildFailedError header): the truth lists the abnormal lines, not every line that repeats one.
        // A loss spike is placed at its first far point, the row the spike was written on (it was once placed up to three rows early).
        var unlabelled = run.Symptoms.Where(s => !SymptomKinds.IsFact(s.Kind) && s.Kind != "log.unknown" && s.Severity > Severity.Info
            && !labelled.Contains((s.Source.Path, s.Source.Line))).ToList();

        Assert.NotEmpty(run.Symptoms);
        Assert.True(unlabelled.Count == 0, "unlabelled: " + string.Join("; ", unlabelled.Take(5).Select(s => $"{s.Source.Path}:{s.Source.Line} {s.Kind} {s.Message}")));
    }

    [Theory]
    [MemberData(nameof(Library))]
    public async Task Collateral_FollowsItsCause_OnOtherRanksOfTheJob(string scenario, int seed)
    {
        var run = await SimulatedRun.GetAsync(scenario, seed);
        var roles = run.Truth.Symptoms.ToDictionary(s => (s.Path, s.Line), s => s);
        var extracted = run.Symptoms.Where(s => roles.ContainsKey((s.Source.Path, s.Source.Line))).ToList();

        foreach (var cause in run.Truth.Causes)
        {
            Assert.NotNull(cause.FirstSeen);
            var mine = extracted.Where(s => roles[(s.Source.Path, s.Source.Line)].Cause == cause.Id).ToList();
            var root = mine.Where(s => roles[(s.Source.Path, s.Source.Line)].Role == AttributionRole.Root).ToList();
            var collateral = mine.Where(s => roles[(s.Source.Path, s.Source.Line)].Role == AttributionRole.Collateral).ToList();
            // A straggler under torch 2.1 shows only in the per-rank step times (metrics).
            Assert.True(root.Count > 0 || run.Truth.Symptoms.Any(s => s.Cause == cause.Id && s.Path.StartsWith("metrics/", StringComparison.Ordinal)), cause.Id + " has no root symptom");

            // Lines without a stamp (torch 2.1 c10 lines, srun lines) inherit an earlier line's time: not evidence.
            foreach (var s in collateral.Where(s => s.Timestamp is not null && !s.TimeInferred))
            {
                Assert.True(s.Timestamp >= cause.FirstSeen - SkewTolerance, $"{s.Source.Path}:{s.Source.Line} ({s.Kind}) at {s.Timestamp:o} precedes {cause.Id} first seen {cause.FirstSeen:o}");
            }

            Assert.All(collateral.Where(s => s.Rank is not null), s => Assert.InRange(s.Rank!.Value, 0, SimulatedRun.Ranks - 1));
            var collateralRanks = collateral.Where(s => s.Rank is not null).Select(s => s.Rank!.Value).ToHashSet();
            if (collateralRanks.Count > 0)
            {
                // A cascade reaches many ranks, not only the one that failed.
                Assert.True(collateralRanks.Count >= SimulatedRun.Ranks / 2, $"{cause.Id}: collateral on {collateralRanks.Count} ranks only");
            }

            var host = cause.Match.SelectMany(m => m).FirstOrDefault(f => f.Key == "host")?.Value;
            if (host is not null && cause.Category == Symptoms.SymptomCategory.Hardware)
            {
                Assert.All(root.Where(s => s.Host is not null), s => Assert.Equal(host, s.Host));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Library))]
    public async Task RunDirectory_DoesNotGiveAwayTheAnswer(string scenario, int seed)
    {
        var run = await SimulatedRun.GetAsync(scenario, seed);
        var shards = run.Truth.Causes.SelectMany(c => c.Match).SelectMany(m => m).Where(f => f.Key == "data_shard").Select(f => f.Value).ToList();

        Assert.False(File.Exists(Path.Combine(run.Directory, "run.truth.json")));
        Assert.True(File.Exists(run.Directory + ".truth.json"));
        foreach (var file in run.Files())
        {
            var text = File.ReadAllText(Path.Combine(run.Directory, file));
            Assert.DoesNotMatch(Giveaway(), text);
            foreach (var shard in shards)
            {
                Assert.True(file.StartsWith("manifest/", StringComparison.Ordinal) || !text.Contains(shard, StringComparison.Ordinal), $"{file} names {shard}");
            }
        }
    }

    [GeneratedRegex(@"Xid|Watchdog|watchdog|Traceback|[Ee]rror|fault|Fatal|oom-killer|NaN|nan iterations:\s+[1-9]|Link down|Lost carrier|CANCELLED|SIGTERM|OVERFLOW|terminate called|Root Cause|async event|completion|Assertion|double free|fallen off|failed|Machine check|step_time_ms|lm loss|""loss""|Some NCCL operations|Aborted|Exited with exit code|WARN|death signal|Cuda failure|Unexpected result|Node failure|maint:|Cable unplugged|HW Slowdown|HW Thermal Slowdown|Timeout at NCCL work|failure detected by watchdog|steps: \d+ loss:|\[Rank 0\] step=|Exception in thread")]
    private static partial Regex Abnormal();

    [GeneratedRegex(@"truth|inject|simulat|ground[ _-]?truth|\bbad\b|bad[-_ ]?(shard|batch|data)|culprit", RegexOptions.IgnoreCase)]
    private static partial Regex Giveaway();
}
