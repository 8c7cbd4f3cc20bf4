using Triage.Collectors.Extraction;
using Triage.Collectors.Tests.Support;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Extraction;

/// <summary>Shipped log records (one document each) through the file extractor.</summary>
public sealed class LogRecordExtractorTests
{
    private static readonly DateTimeOffset Shipped = new(2026, 3, 21, 2, 7, 30, TimeSpan.Zero);

    private static readonly string[] Traceback =
    [
        "Traceback (most recent call last):",
        "  File \"train.py\", line 88, in <module>",
        "    main()",
        "KeyboardInterrupt",
    ];

    [Fact]
    public async Task ExtractAsync_TracebackOneRecordPerLineOrJoined_SameSymptom()
    {
        var split = new LogRecordExtractor(TestRules.BuiltIn, "run", Shipped);
        var joined = new LogRecordExtractor(TestRules.BuiltIn, "run", Shipped);
        var offset = 0L;
        var records = Traceback.Select(line => new LogRecord("node-a", "/logs/rank0.log", Shipped, (offset += line.Length + 1) - line.Length - 1, line)).ToList();

        var fromSplit = (await split.ExtractAsync(records, CancellationToken.None)).Concat(await split.FlushAsync(CancellationToken.None)).ToList();
        var fromJoined = await joined.ExtractAsync([new LogRecord("node-a", "/logs/rank0.log", Shipped, 0, string.Join('\n', Traceback))], CancellationToken.None);

        var symptom = Assert.Single(fromSplit);
        Assert.Equal(("py.exception", "KeyboardInterrupt @ train.py:<module>", "node-a"), (symptom.Kind, symptom.Signature, symptom.Host));
        Assert.Equal(symptom.Id, Assert.Single(fromJoined).Id);
    }

    [Fact]
    public async Task ExtractAsync_OpenBlock_OpenSinceUntilItEnds()
    {
        var extractor = new LogRecordExtractor(TestRules.BuiltIn, "run", Shipped);

        await extractor.ExtractAsync([new LogRecord("node-a", "/logs/rank0.log", Shipped, 0, Traceback[0])], CancellationToken.None);
        var open = extractor.OpenSince;
        await extractor.ExtractAsync([new LogRecord("node-b", "/logs/rank0.log", Shipped.AddSeconds(1), 0, Traceback[3])], CancellationToken.None);
        var stillOpen = extractor.OpenSince;
        var ended = await extractor.ExtractAsync([new LogRecord("node-a", "/logs/rank0.log", Shipped.AddSeconds(2), 40, Traceback[3])], CancellationToken.None);

        Assert.Equal(Shipped, open);
        Assert.Equal(Shipped, stillOpen); // another host's record does not continue node-a's block
        Assert.Single(ended);
        Assert.Null(extractor.OpenSince);
    }

    [Fact]
    public async Task ExtractAsync_LineWithItsOwnStamp_KeepsItsTimeAndHostElseTheRecords()
    {
        var extractor = new LogRecordExtractor(TestRules.BuiltIn, "run", Shipped);

        var symptoms = await extractor.ExtractAsync(
            [
                new LogRecord("collector-1", "/var/log/kern.log", Shipped, 10, "Mar 21 02:07:08 node-017 kernel: NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, name=python, GPU has fallen off the bus."),
                new LogRecord("node-018", "/var/log/kern.log", Shipped, 10, "NVRM: Xid (PCI:0000:2b:00): 79, GPU has fallen off the bus."),
            ],
            CancellationToken.None);

        Assert.Equal(2, symptoms.Count);
        Assert.Equal(("node-017", new DateTimeOffset(2026, 3, 21, 2, 7, 8, TimeSpan.Zero), false), (symptoms[0].Host, symptoms[0].Timestamp, symptoms[0].TimeInferred));
        Assert.Equal(("node-018", Shipped, true), (symptoms[1].Host, symptoms[1].Timestamp, symptoms[1].TimeInferred));
        Assert.Equal((10L, 1L), (symptoms[1].Source.Offset, symptoms[1].Source.Line));
        Assert.NotEqual(symptoms[0].Id, symptoms[1].Id); // same path and offset, other host: another stream
    }
}
