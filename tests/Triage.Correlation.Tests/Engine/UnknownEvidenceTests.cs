using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>Unknown errors in per-rank files whose rank only NCCL's init line names (Slurm's <c>--output=%j-%t.log</c>).</summary>
public sealed class UnknownEvidenceTests
{
    [Fact]
    public async Task Analyze_StampedUnknownErrorBeforeTimeoutsThatInheritItsStamp_IsTheCandidate()
    {
        // Each rank's file: NCCL init (no stamp), a stamped error no rule knows, then torch 2.1's
        // watchdog timeout with no stamp of its own (it inherits the unknown line's). The rank comes
        // from the init line of the same file; the timeout, printed after, does not hide the error.
        await using var run = await TestRun.CreateAsync();
        for (var rank = 0; rank < 4; rank++)
        {
            var file = $"out/4471-{rank}.log";
            var init = run.Add("meta.placement", 0, host: TestRun.Host(rank / 2), rank: rank, severity: Severity.Info, pid: 3000 + rank, attrs: [("nranks", "4")]);
            run.Replace(init, init with { Timestamp = null, Source = new SymptomSource(file, 1, 0) });
            var unknown = run.Add("log.unknown", 60 + (rank * 0.01), signature: "t92c7618ff322a734", message: "ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk 0xebbe98", attrs: [("template", "ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk <*>")]);
            run.Replace(unknown, unknown with { Source = new SymptomSource(file, 2, 100) });
            var timeout = run.Add("nccl.timeout", 60 + (rank * 0.01), inferred: true);
            run.Replace(timeout, timeout with { Source = new SymptomSource(file, 3, 200) });
        }

        var analysis = await run.AnalyzeAsync();

        Assert.Equal([new Factor("template", "t92c7618ff322a734")], analysis.Hypotheses[0].Factors);
    }
}
