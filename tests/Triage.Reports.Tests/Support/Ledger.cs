using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Metrics;
using Triage.Correlation;
using Triage.Dumps;
using Triage.Dumps.Signatures;
using Triage.Hypotheses;
using Triage.Reports.Building;
using Triage.Reports.Model;
using Triage.Rules;
using Triage.Rules.Causal;
using Triage.Storage.Embedded;
using Triage.Testing;

namespace Triage.Reports.Tests.Support;

/// <summary>
/// A sample run collected and analysed into an embedded store on a temp file, as <c>triage analyze</c>
/// does it, then reviewed by a team on a fake clock: votes that favour the wrong theory, dissent, a
/// note, a confirm and a reject. The report is built from that ledger.
/// </summary>
internal sealed class Ledger : IAsyncDisposable
{
    /// <summary>The engineers' clock: after the analysis of 14:20.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 4, 5, 14, 25, 0, TimeSpan.Zero);

    /// <summary>When the report is made.</summary>
    public static readonly DateTimeOffset ReportTime = new(2026, 4, 6, 9, 0, 0, TimeSpan.Zero);

    private Ledger(string work, string runDirectory, SqliteSymptomStore store, FakeTimeProvider clock)
    {
        Work = work;
        RunDirectory = runDirectory;
        Store = store;
        Clock = clock;
    }

    public string Work { get; }

    public string RunDirectory { get; }

    public SqliteSymptomStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public string Run => "torch-sum";

    public Analysis Analysis { get; private set; } = null!;

    public ReportSources Sources { get; private set; } = ReportSources.None;

    /// <summary>Copies <paramref name="sample"/> (with a fixed file time), then <paramref name="tamper"/> may add files; collects and analyses it.</summary>
    public static async Task<Ledger> AnalyzeAsync(string sample = "torch-sum", Action<string>? tamper = null)
    {
        var work = Path.Combine(Path.GetTempPath(), "triage-report-tests", Guid.NewGuid().ToString("N"));
        var runDirectory = Path.Combine(work, "torch-sum");
        var source = Path.Combine(TestRepository.Root, "samples", sample);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(runDirectory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        tamper?.Invoke(runDirectory);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 5, 14, 20, 0, TimeSpan.Zero));
        var store = await SqliteSymptomStore.OpenAsync(Path.Combine(work, "triage.db"), clock);
        var ledger = new Ledger(work, runDirectory, store, clock);
        var rules = RuleSet.LoadDirectory(TestRepository.Rules);
        var dumps = DumpOptions.Default with { Signatures = SignatureRules.Load(Path.Combine(TestRepository.Rules, "dumps", "signatures.yaml")) };
        var collected = await new RunCollector(store, rules, clock).CollectAsync(runDirectory, new CollectOptions { Run = ledger.Run, Dumps = dumps }, null, default);
        var analyzer = new Analyzer(store, CausalRuleSet.LoadDirectory(Path.Combine(TestRepository.Rules, "causal")), clock);
        ledger.Analysis = await analyzer.AnalyzeAsync(collected.Run, collected.Inputs);
        await store.SaveAnalysisAsync(ledger.Analysis);
        var (curve, problems) = TrainingCurveReader.Read(runDirectory);
        ledger.Sources = new ReportSources(analyzer.LastInputs, curve, problems) { RunDirectory = runDirectory };
        return ledger;
    }

    /// <summary>
    /// The review the product exists for: the team favours the network theory, one engineer backs the
    /// data theory and is outvoted, a note points at the shard, and the least-voted theory is confirmed.
    /// </summary>
    public async Task ReviewAsync(string? noteText = null, string? dissenter = null)
    {
        var data = Analysis.Hypotheses[0].Id;     // #1 on evidence: data_shard=web-0174
        var network = Analysis.Hypotheses[1].Id;  // #2: the IB link on node-004
        await VoteAtAsync(0, network, "alice", +1);
        await VoteAtAsync(4, network, "bob", +1);
        await VoteAtAsync(9, data, dissenter ?? "carol", +1);
        await VoteAtAsync(15, data, "dave", -1);
        await VoteAtAsync(21, network, "erin", +1);
        await VoteAtAsync(30, data, "bob", -1);
        await Store.AddReviewAsync(Run, new ReviewEntry(data, ReviewKind.Note, dissenter ?? "carol", noteText ?? "Every crashing rank was reading web-0174 when it died; the link blip came after the first crashes.", T0.AddMinutes(40)));
        await VoteAtAsync(95, network, "alice", 0);
        await Store.AddReviewAsync(Run, new ReviewEntry(data, ReviewKind.Confirm, "dana", "Replaying web-0174 under compute-sanitizer reproduces the illegal address in sum_kernel_impl; a control shard runs clean.", T0.AddMinutes(130)));
        await Store.AddReviewAsync(Run, new ReviewEntry(network, ReviewKind.Reject, "dana", "The link went down at 14:10, hours after the first crash, and nothing on node-004 failed after it.", T0.AddMinutes(131)));
    }

    public Task<PostMortem> BuildAsync() =>
        new PostMortemBuilder(Store, new FakeTimeProvider(ReportTime)).BuildAsync(Run, Sources);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private async Task VoteAtAsync(int minutes, string hypothesis, string voter, int vote)
    {
        Clock.SetUtcNow(T0.AddMinutes(minutes));
        await Store.VoteAsync(Run, hypothesis, voter, vote);
    }
}
