using System.Text;
using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Mining;

public sealed class UnknownLineMinerTests
{
    private static readonly SourceIdentity Source = new("run", "src", "node-007/rank-3.log", new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RunAsync_FailureLinesNoRuleKnows_OneLogUnknownTemplateWithStableId()
    {
        var text = "Mar 21 02:07:08 node-017 app: ckptfs: lease renewal failed for chunk 0x3fa2c1 after 5120 ms\n" +
                   "Mar 21 02:07:09 node-017 app: all good, nothing to see\n" +
                   "Mar 21 02:07:10 node-017 app: ckptfs: lease renewal failed for chunk 0x00ff10 after 77 ms\n";

        var symptoms = await ExtractAsync(text, ExtractionLimits.Default with { MaxUnknownPerTemplate = 2 });

        Assert.Equal(2, symptoms.Count);
        Assert.All(symptoms, s => Assert.Equal("log.unknown", s.Kind));
        const string template = "ckptfs: lease renewal failed for chunk <*> after <*> <*>";
        Assert.All(symptoms, s => Assert.Equal(TemplateIds.Of(template), s.Signature));
        Assert.Equal(template, symptoms[0].Attrs["template"]);
        // The lines name a failure but carry no level of their own: kept, at info, never a cause on their words alone.
        Assert.Equal(Severity.Info, symptoms[0].Severity);
        Assert.Equal(SymptomCategory.Unknown, symptoms[0].Category);
        Assert.Equal("node-017", symptoms[0].Host);
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 2, 7, 8, TimeSpan.Zero), symptoms[0].Timestamp);
        Assert.Equal([1L, 3L], symptoms.Select(s => s.Source.Line));
    }

    [Fact]
    public async Task RunAsync_LineARuleMatches_NoUnknownSymptom()
    {
        var text = "Mar 21 02:07:08 node-017 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=python error\n";

        var symptom = Assert.Single(await ExtractAsync(text, ExtractionLimits.Default));

        Assert.Equal("gpu.xid", symptom.Kind);
    }

    [Fact]
    public async Task RunAsync_FailureWordInsideAnIdentifier_NotACandidate()
    {
        Assert.Empty(await ExtractAsync("frame #3: c10d::WorkNCCL::checkTimeout(std::optional) + 0x1a4\n", ExtractionLimits.Default));
    }

    [Fact]
    public async Task RunAsync_SameTemplateTwiceByDefault_OnlyTheFirstPerRank()
    {
        var symptoms = await ExtractAsync("[rank3]: disk 1 error\n[rank3]: disk 2 error\n[rank4]: disk 3 error\n", ExtractionLimits.Default);

        Assert.Equal([3, 4], symptoms.Select(s => s.Rank));
    }

    [Fact]
    public async Task RunAsync_SameTemplateFromSrunLabelledTasks_OnePerTask()
    {
        // `srun --label` output names the task, not the rank, in its prefix.
        var text = "35: [2026-03-10 10:43:50,772] ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk 0xb7d924 after 4600 ms\n" +
                   "12: [2026-03-10 10:43:50,250] ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk 0xf1b2c6 after 6105 ms\n" +
                   "35: [2026-03-10 10:43:51,100] ckptfs.client: [ERROR] ckptfs: lease renewal failed for chunk 0x000001 after 9 ms\n";

        var merged = Source with { Path = "slurm-82130.out" };
        var symptoms = await ExtractAsync(text, ExtractionLimits.Default, merged);

        Assert.Equal([35, 12], symptoms.Select(s => s.Rank));
    }

    [Fact]
    public async Task RunAsync_WarningsFillTheirBudget_ErrorsStillRecorded()
    {
        // A start-up warning every rank prints (kept at info) must not use up the room of a later error.
        var sb = new StringBuilder();
        for (var rank = 0; rank < 8; rank++)
        {
            sb.Append("[rank").Append(rank).Append("]: Warning: TORCH_NCCL_AVOID_RECORD_STREAMS=1 has no effect\n");
        }

        sb.Append("[rank5]: ERROR: ckptfs: lease renewal failed for chunk 0x3fa2c1 after 5120 ms\n");
        var symptoms = await ExtractAsync(sb.ToString(), ExtractionLimits.Default with { MaxUnknownPerSource = 4 });

        Assert.Equal(4, symptoms.Count(s => s.Severity == Severity.Info));
        Assert.Single(symptoms, s => s.Severity == Severity.Error);
    }

    [Fact]
    public async Task RunAsync_WarningLine_KeptAtInfo()
    {
        var symptom = Assert.Single(await ExtractAsync("WARNING: tokenizer cache is stale, rebuilding 3 shards\n", ExtractionLimits.Default));

        Assert.Equal(Severity.Info, symptom.Severity);
    }

    [Fact]
    public async Task RunAsync_ErrorLevelLine_ErrorSeverity()
    {
        var symptom = Assert.Single(await ExtractAsync("srun: error: Unable to allocate resources: Socket timed out on send/recv operation\n", ExtractionLimits.Default));

        Assert.Equal(Severity.Error, symptom.Severity);
    }

    [Fact]
    public async Task RunAsync_ManyRepeats_CappedPerTemplateAndPerSource()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            sb.Append("disk ").Append(i).Append(" error\n").Append("fan ").Append(i).Append(" failed on tray ").Append(i % 7).Append('\n');
        }

        var limits = ExtractionLimits.Default with { MaxUnknownPerTemplate = 3, MaxUnknownPerSource = 5 };
        var symptoms = await ExtractAsync(sb.ToString(), limits);

        Assert.Equal(5, symptoms.Count);
        Assert.Equal(3, symptoms.Count(s => s.Attrs["template"] == "disk <*> error"));
    }

    [Fact]
    public async Task RunAsync_MiningOff_NoUnknownSymptoms()
    {
        var symptoms = await ExtractAsync("disk 4 error\n", ExtractionLimits.Default with { MaxUnknownPerSource = 0 });

        Assert.Empty(symptoms);
    }

    private static async Task<List<Symptom>> ExtractAsync(string text, ExtractionLimits limits, SourceIdentity? source = null)
    {
        var symptoms = new List<Symptom>();
        var extractor = new LogExtractor(TestRules.Minimal, source ?? Source, limits);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await extractor.RunAsync(stream, SourceCursor.Start, finalPass: true, (batch, _) =>
        {
            symptoms.AddRange(batch.Symptoms);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return symptoms;
    }
}
