using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Extraction;

public sealed class LogExtractorTests
{
    private static readonly SourceIdentity Source = new("run", "src", "node-007/rank-3.log", new DateTimeOffset(2026, 3, 30, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RunAsync_LinesWithAndWithoutLiterals_FindsOnlyFailuresWithOneBasedLines()
    {
        var text = "benign\nMar 21 02:07:08 node-017 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1, name=python\nbenign\r\nNVRM: Xid (PCI:0000:3b:00): 13, pid=2\n";

        var symptoms = await ExtractAsync(text);

        Assert.Equal([2L, 4L], symptoms.Select(s => s.Source.Line));
        Assert.Equal(["xid-79", "xid-13"], symptoms.Select(s => s.Signature));
        Assert.Equal(Encoding.UTF8.GetByteCount("benign\n"), symptoms[0].Source.Offset);
    }

    [Fact]
    public async Task RunAsync_WhoAndWhen_FromLineThenAttrsThenPath()
    {
        var text = "Mar 21 02:07:08 node-017 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n" +
                   "[Rank 5] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=9, OpType=ALLREDUCE)\n";

        var symptoms = await ExtractAsync(text);

        Assert.Equal("node-017", symptoms[0].Host);
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 2, 7, 8, TimeSpan.Zero), symptoms[0].Timestamp);
        Assert.False(symptoms[0].TimeInferred);
        Assert.Equal("node-007", symptoms[1].Host); // from the path
        Assert.Equal(5, symptoms[1].Rank);          // from the rule's named group
        Assert.True(symptoms[1].TimeInferred);      // inherited from line 1
        Assert.Equal(symptoms[0].Timestamp, symptoms[1].Timestamp);
    }

    [Fact]
    public async Task RunAsync_TimelessLineAfterUnfedTimestampedLine_InheritsTheNearestEarlierTime()
    {
        var text = "Mar 21 02:07:08 node-017 kernel: benign\n" +
                   "Mar 21 02:09:00 node-017 kernel: benign, but later\n" +
                   "plain line\n" +
                   "NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n";

        var symptom = Assert.Single(await ExtractAsync(text));

        Assert.Equal(new DateTimeOffset(2026, 3, 21, 2, 9, 0, TimeSpan.Zero), symptom.Timestamp);
        Assert.True(symptom.TimeInferred);
    }

    [Fact]
    public async Task RunAsync_TimelessLineLookingBackForItsTime_KeepsItsOwnText()
    {
        // The line before is decoded for its time only when the fed line has none, i.e. after the
        // fed line was decoded: the two must not share a buffer (its message came out overwritten).
        var text = "Mar 21 02:09:00 node-017 kernel: a benign line longer than the next one, much longer than it\n" +
                   "NVRM: Xid (PCI:0000:3b:00): 79, pid=1\n" +
                   "Mar 21 02:10:00 node-017 kernel: benign\n" +
                   "Mar 21 02:11:00 node-017 kernel: NVRM: Xid (PCI:0000:3b:00): 48, pid=1\n";

        var symptoms = await ExtractAsync(text);

        Assert.Equal(2, symptoms.Count);
        Assert.Equal("NVRM: Xid (PCI:0000:3b:00): 79, pid=1", symptoms[0].Message);
        Assert.Equal((new DateTimeOffset(2026, 3, 21, 2, 9, 0, TimeSpan.Zero), true), (symptoms[0].Timestamp, symptoms[0].TimeInferred));
        Assert.Equal((new DateTimeOffset(2026, 3, 21, 2, 11, 0, TimeSpan.Zero), false), (symptoms[1].Timestamp, symptoms[1].TimeInferred));
    }

    [Fact]
    public async Task RunAsync_InterleavedTracebacks_OneSymptomPerStream()
    {
        var text = "[rank1]: Traceback (most recent call last):\n" +
                   "[rank2]: Traceback (most recent call last):\n" +
                   "[rank1]:   File \"a.py\", line 1, in f\n" +
                   "[rank2]:   File \"b.py\", line 2, in g\n" +
                   "[rank2]: ValueError: two\n" +
                   "[rank1]: KeyError: one\n";

        var symptoms = await ExtractAsync(text);

        Assert.Equal(2, symptoms.Count);
        Assert.Equal(["KeyError", "ValueError"], symptoms.Select(s => s.Signature).Order(StringComparer.Ordinal));
        Assert.Equal(1, symptoms.Single(s => s.Signature == "KeyError").Rank);
        Assert.Equal(1L, symptoms.Single(s => s.Signature == "KeyError").Source.Line);
    }

    [Fact]
    public async Task RunAsync_InvalidUtf8_IsReplacedNotFatal()
    {
        var bytes = Encoding.ASCII.GetBytes("NVRM: Xid (PCI:0000:3b:00): 79, pid=1 \xff\xfe tail\n").ToList();
        bytes.InsertRange(40, new byte[] { 0xC3, 0x28, 0xF0, 0x90 });

        var symptom = Assert.Single(await ExtractAsync(bytes.ToArray()));

        Assert.Contains('\uFFFD', symptom.Message);
    }

    [Fact]
    public async Task RunAsync_FiftyMegabyteLine_IsCutAndFlagged()
    {
        var limits = new ExtractionLimits { ChunkBytes = 1 << 20, MaxLineBytes = 64 << 10 };
        var line = new byte[50 << 20];
        Array.Fill(line, (byte)'a');
        "NVRM: Xid (PCI:0000:3b:00): 79, pid=1 "u8.CopyTo(line);
        var text = line.Concat("\nNVRM: Xid (PCI:0000:3b:00): 48, pid=1\n"u8.ToArray()).ToArray();

        var (symptoms, outcome) = await ExtractWithOutcomeAsync(text, limits);

        Assert.Equal(2, symptoms.Count);
        Assert.Equal("true", symptoms[0].Attrs["truncated"]);
        Assert.Equal(2L, symptoms[1].Source.Line);
        Assert.Equal(1, outcome.TruncatedLines);
        Assert.Equal(text.Length, outcome.BytesRead);
    }

    [Fact]
    public async Task RunAsync_LiteralStartsBeforeTheCutAndTheOneItHoldsAfter_LineIsFedCut()
    {
        // Arrange: the rule literal "Watchdog caught collective operation timeout" is not searched
        // (it holds the miner's "imeout"); it starts 5 bytes before the cut, its "imeout" after it.
        // The line has a literal starting before the cut, so the cut line is fed (as when every
        // literal was searched): the miner reads its EXCEPTION and the next line inherits its time.
        var limits = new ExtractionLimits { MaxLineBytes = 4096 };
        var head = "Mar 21 02:07:08 node-017 kernel: EXCEPTION ";
        var line = head + new string('a', limits.MaxLineBytes - 5 - head.Length) + "Watchdog caught collective operation timeout: WorkNCCL(SeqNum=9)";
        var text = line + "\nNVRM: Xid (PCI:0000:3b:00): 79, pid=1\n";

        // Act
        var (symptoms, outcome) = await ExtractWithOutcomeAsync(Encoding.UTF8.GetBytes(text), limits);

        // Assert
        Assert.Equal(["log.unknown", "gpu.xid"], symptoms.Select(s => s.Kind));
        Assert.Equal("true", symptoms[0].Attrs["truncated"]);
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 2, 7, 8, TimeSpan.Zero), symptoms[1].Timestamp);
        Assert.True(symptoms[1].TimeInferred);
        Assert.Equal(1, outcome.TruncatedLines);
    }

    [Fact]
    public async Task RunAsync_SameInputDifferentChunkSizes_SameSymptoms()
    {
        var random = new Random(3);
        var sb = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            sb.Append(random.Next(30) == 0 ? $"[rank{i % 4}]: Traceback (most recent call last):\n[rank{i % 4}]:   File \"x\", line 1, in f\n[rank{i % 4}]: E{i}: x\n" : $"Mar 21 02:{i / 60 % 60:00}:{i % 60:00} h kernel: {(random.Next(20) == 0 ? "NVRM: Xid (PCI:0000:3b:00): 79, pid=1" : "benign")}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var big = await ExtractWithOutcomeAsync(bytes, ExtractionLimits.Default);
        var small = await ExtractWithOutcomeAsync(bytes, new ExtractionLimits { ChunkBytes = 97, MaxLineBytes = 4096, BatchSymptoms = 3 });

        Assert.Equal(big.Symptoms.Select(Describe), small.Symptoms.Select(Describe));
        Assert.True(big.Symptoms.Count > 100);
    }

    [Property(MaxTest = 200)]
    public bool RunAsync_ArbitraryBytes_NeverThrows(byte[] bytes)
    {
        var (symptoms, outcome) = ExtractWithOutcomeAsync(bytes ?? [], new ExtractionLimits { ChunkBytes = 64, MaxLineBytes = 32 }).GetAwaiter().GetResult();
        return outcome.BytesRead == (bytes ?? []).Length && symptoms.All(s => s.Source.Line >= 1);
    }

    [Property(MaxTest = 200)]
    public Property RunAsync_ArbitraryTextAroundFailures_FindsEveryFailure()
    {
        var lines = Gen.Elements("NVRM: Xid (PCI:0000:3b:00): 79, pid=1", "benign", "", "\u00e9\u4e2d", "  File \"x\", line 1, in f", "[rank1]: noise", "Traceback")
            .ListOf();
        return Prop.ForAll(lines.ToArbitrary(), list =>
        {
            var text = string.Join("\n", list) + "\n";
            var symptoms = ExtractAsync(text).GetAwaiter().GetResult();
            return symptoms.Count(s => s.Kind == "gpu.xid") == list.Count(l => l.StartsWith("NVRM", StringComparison.Ordinal));
        });
    }

    private static string Describe(Symptom s) => $"{s.Id} {s.Source.Line} {s.Signature} {s.Timestamp:O} {s.TimeInferred}";

    private static Task<List<Symptom>> ExtractAsync(string text) => ExtractAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<List<Symptom>> ExtractAsync(byte[] bytes) => (await ExtractWithOutcomeAsync(bytes, ExtractionLimits.Default)).Symptoms;

    private static async Task<(List<Symptom> Symptoms, ExtractionOutcome Outcome)> ExtractWithOutcomeAsync(byte[] bytes, ExtractionLimits limits)
    {
        var symptoms = new List<Symptom>();
        var extractor = new LogExtractor(TestRules.Minimal, Source, limits);
        using var stream = new MemoryStream(bytes);
        var outcome = await extractor.RunAsync(stream, SourceCursor.Start, finalPass: true, (batch, _) =>
        {
            symptoms.AddRange(batch.Symptoms);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return (symptoms, outcome);
    }
}
