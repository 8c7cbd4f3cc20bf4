using System.Globalization;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Correlation.Tests.Engine;

/// <summary>A GPU that silently corrupts results: each event's warning and the job's loss spike belong to the GPU's hypothesis.</summary>
public sealed class OwnReportsTests
{
    [Fact]
    public async Task Analyze_SpikesFlaggedOnOneGpu_ItsWarningsAndTheJobsLossSpikesAreTheSameEvents()
    {
        // Megatron's result validation on rank 21 (host 5, device 1), as at 1,024 ranks: per event an
        // "Unexpected result ... (message='Spiky loss')" warning and, 15 s later, the rerun's "Possible
        // transient error", while the metrics file (written by rank 0) shows the loss spike of that step.
        const int hosts = 8, perHost = 4, bad = 21;
        await using var run = await TestRun.CreateAsync();
        Place(run, hosts, perHost);

        var explained = new List<Symptom>();
        foreach (var (minute, step) in new[] { (40.0, 171), (75.0, 311), (140.0, 571), (190.0, 778), (250.0, 1022) })
        {
            var s = step.ToString(CultureInfo.InvariantCulture);
            explained.Add(run.Add("train.loss_spike", minute - 0.04, rank: 0, severity: Severity.Warning, category: SymptomCategory.Software, signature: "loss-spike", attrs: [("metric", "loss"), ("step", s)]));
            explained.Add(run.Add("train.loss_spike", minute, rank: bad, gpu: 1, severity: Severity.Warning, signature: "megatron-rejected Spiky loss", attrs: [("device", "1"), ("step", s)]));
            explained.Add(run.Add("train.loss_spike", minute + 0.25, host: TestRun.Host(bad / perHost), rank: bad, gpu: 1, severity: Severity.Error, category: SymptomCategory.Hardware,
                signature: "megatron-rerun Possible transient error", attrs: [("device", "1"), ("step", s)]));
        }

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(bad / perHost)), new Factor("gpu", "1")], top.Factors);
        Assert.Equal(explained.Count, top.Explains.Symptoms);
        Assert.DoesNotContain(analysis.Hypotheses.Skip(1), h => h.Score >= 0.5);
    }

    [Fact]
    public async Task Analyze_PortDownOnOneHost_ItsOwnTransportErrorsAreItsButAPeersAreNot()
    {
        // A ConnectX port of host 3 loses its link three times (the kernel's mlx5 lines); NCCL on host 3's
        // ranks got completion errors once before the first of them and once long after the last.
        // Every peer prints such errors when a link dies, so they are not tested on the host; printed
        // on host 3 itself they are the port's. One printed on host 6 says nothing about host 3.
        const int hosts = 8, perHost = 4;
        await using var run = await TestRun.CreateAsync();
        Place(run, hosts, perHost);

        foreach (var minute in new[] { 100.0, 200.0, 300.0 })
        {
            run.Add("net.ib_link", minute, host: TestRun.Host(3), severity: Severity.Error, category: SymptomCategory.Network, attrs: [("device", "mlx5_1"), ("state", "down")]);
        }

        var early = run.Add("nccl.net_error", 30, host: TestRun.Host(3), rank: 13, severity: Severity.Error, category: SymptomCategory.Network, attrs: [("status", "12")]);
        var late = run.Add("nccl.net_error", 380, host: TestRun.Host(3), rank: 14, severity: Severity.Error, category: SymptomCategory.Network, attrs: [("status", "12")]);
        var peer = run.Add("nccl.net_error", 460, host: TestRun.Host(6), rank: 25, severity: Severity.Error, category: SymptomCategory.Network, attrs: [("status", "12")]);

        var analysis = await run.AnalyzeAsync();

        var top = analysis.Hypotheses[0];
        Assert.Equal([new Factor("host", TestRun.Host(3))], top.Factors);
        Assert.Equal(top.Id, analysis.Attribution.Resolve(early)?.Hypothesis);
        Assert.Equal(top.Id, analysis.Attribution.Resolve(late)?.Hypothesis);
        Assert.NotEqual(top.Id, analysis.Attribution.Resolve(peer)?.Hypothesis);
    }

    private static void Place(TestRun run, int hosts, int perHost)
    {
        for (var rank = 0; rank < hosts * perHost; rank++)
        {
            run.Add("meta.placement", 0.01 * rank, host: TestRun.Host(rank / perHost), rank: rank, gpu: rank % perHost, severity: Severity.Info, pid: 100 + rank,
                attrs: [("rank", rank.ToString(CultureInfo.InvariantCulture)), ("nranks", (hosts * perHost).ToString(CultureInfo.InvariantCulture))]);
        }
    }
}
