using System.Globalization;
using Triage.Collectors.RunMetadata;
using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Read_SimulatorLine_AllFields()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", InputSamples.Lines([InputSamples.ManifestLine(17, 1200, "web-0412")]));
        var stats = new ManifestReadStats();

        var row = Assert.Single(new StepManifest([path]).Read(stats));

        Assert.Equal(17, row.Rank);
        Assert.Equal(1200, row.Step);
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 3, 14, 7, 123, TimeSpan.Zero), row.Time);
        Assert.Equal(["data_shard", "batch_id", "code_version"], row.Strings.Select(s => s.Key));
        Assert.Equal("web-0412", row["data_shard"]);
        Assert.Equal("b0012000017", row["batch_id"]);
        Assert.Equal([new("seq_len_mean", 2048.5), new KeyValuePair<string, double>("seq_len_max", 8192)], row.Numbers);
        Assert.Equal((1, 0), (stats.Rows, stats.Skipped));
    }

    [Fact]
    public void Read_RepeatedValues_ShareOneString()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", InputSamples.Lines(Enumerable.Range(0, 100).Select(r => InputSamples.ManifestLine(r, 5, "web-0412"))));

        var rows = new StepManifest([path]).Read(new ManifestReadStats()).ToList();

        Assert.Equal(100, rows.Count);
        Assert.All(rows, r => Assert.Same(rows[0]["data_shard"], r["data_shard"]));
        Assert.All(rows, r => Assert.Same(rows[0].Strings[0].Key, r.Strings[0].Key));
    }

    [Fact]
    public void Read_GzipAndPlainFiles_RowsInFileOrder()
    {
        using var dir = new TempRunDirectory();
        var first = dir.WriteGzip("steps-000.jsonl.gz", InputSamples.Lines([InputSamples.ManifestLine(0, 1, "a"), InputSamples.ManifestLine(1, 1, "a")]));
        var second = dir.Write("steps-001.jsonl", InputSamples.Lines([InputSamples.ManifestLine(0, 2, "b")]));

        var rows = new StepManifest([first, second]).Read(new ManifestReadStats()).ToList();

        Assert.Equal([(0, 1L), (1, 1L), (0, 2L)], rows.Select(r => (r.Rank, r.Step)));
    }

    [Fact]
    public void Read_MalformedLines_SkippedCountedAndReported()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", string.Join('\n',
            InputSamples.ManifestLine(0, 1, "a"),
            "{\"rank\":1,\"step\":",
            "",
            "not json",
            "{\"rank\":\"1\",\"step\":1,\"s\":\"x\"}",
            "{\"rank\":-1,\"step\":1}",
            "{\"rank\":1.5,\"step\":1}",
            "[1,2]",
            "{\"step\":1,\"s\":\"x\"}",
            InputSamples.ManifestLine(1, 1, "a")));
        var stats = new ManifestReadStats();

        var rows = new StepManifest([path]).Read(stats).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal((2, 7), (stats.Rows, stats.Skipped));
        var problem = Assert.Single(stats.Problems);
        Assert.Equal(path, problem.Path);
        Assert.StartsWith("line 2: 7 malformed lines", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LineOverLimit_SkippedAndCounted()
    {
        using var dir = new TempRunDirectory();
        var huge = "{\"rank\":0,\"step\":1,\"s\":\"" + new string('x', 20_000) + "\"}";
        var path = dir.Write("steps.jsonl", InputSamples.Lines([InputSamples.ManifestLine(0, 1, "a"), huge, huge, InputSamples.ManifestLine(0, 2, "a")]));
        var stats = new ManifestReadStats();

        var rows = new StepManifest([path], RunMetadataLimits.Default with { MaxLineBytes = 4096 }).Read(stats).ToList();

        Assert.Equal([1L, 2L], rows.Select(r => r.Step));
        Assert.Equal(2, stats.Skipped);
        Assert.Contains(stats.Problems, p => p.Reason.Contains("longer than 4096 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CrLfEscapesAndNoTrailingNewline_Parsed()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", "{\"rank\":0,\"step\":1,\"note\":\"a\\\"b\\u00e9\"}\r\n{\"rank\":1,\"step\":1,\"nested\":{\"x\":[1,2]},\"ok\":true,\"shard\":\"s\"}");

        var rows = new StepManifest([path]).Read(new ManifestReadStats()).ToList();

        Assert.Equal("a\"bé", rows[0]["note"]);
        Assert.Equal("s", Assert.Single(rows[1].Strings).Value);
    }

    [Fact]
    public void Read_TimeWithoutOffsetOrOtherOffset_Utc()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", InputSamples.Lines([
            "{\"time\":\"2026-05-02T03:14:07\",\"rank\":0,\"step\":1}",
            "{\"time\":\"2026-05-02T05:14:07+02:00\",\"rank\":0,\"step\":2}",
            "{\"time\":1777691647,\"rank\":0,\"step\":3}",
            "{\"time\":\"yesterday\",\"rank\":0,\"step\":4}",
        ]));
        var expected = new DateTimeOffset(2026, 5, 2, 3, 14, 7, TimeSpan.Zero);

        var rows = new StepManifest([path]).Read(new ManifestReadStats()).ToList();

        Assert.Equal(expected, rows[0].Time);
        Assert.Equal(expected, rows[1].Time);
        Assert.Equal(TimeSpan.Zero, rows[1].Time!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 3, 14, 7, TimeSpan.Zero), rows[2].Time);
        Assert.Null(rows[3].Time);
    }

    [Fact]
    public void Read_MissingFileAndCorruptGzip_ProblemsAndOtherFilesRead()
    {
        using var dir = new TempRunDirectory();
        var good = dir.Write("b.jsonl", InputSamples.Lines([InputSamples.ManifestLine(0, 1, "a")]));
        var gz = File.ReadAllBytes(dir.WriteGzip("tmp.gz", InputSamples.Lines(Enumerable.Range(0, 2000).Select(i => InputSamples.ManifestLine(i, 1, "a")))));
        var truncated = dir.WriteBytes("a.jsonl.gz", gz[..(gz.Length / 2)]);
        var missing = Path.Combine(dir.Path, "missing.jsonl");
        var stats = new ManifestReadStats();

        var rows = new StepManifest([missing, truncated, good]).Read(stats).ToList();

        Assert.Contains(rows, r => r.Rank == 0 && r.Step == 1);
        Assert.Contains(stats.Problems, p => p.Path == missing);
        Assert.Contains(stats.Problems, p => p.Path == truncated);
    }

    [Fact]
    public void Read_Cancelled_Throws()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", InputSamples.Lines([InputSamples.ManifestLine(0, 1, "a")]));

        Assert.Throws<OperationCanceledException>(() => new StepManifest([path]).Read(new ManifestReadStats(), new CancellationToken(true)).ToList());
    }

    [Fact]
    public void Read_BareNaN_ReadAsNumber()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", "{\"rank\":0,\"step\":1,\"loss_scale\":NaN,\"tag\":\"NaN-free\"}\n");

        var row = Assert.Single(new StepManifest([path]).Read(new ManifestReadStats()));

        Assert.True(double.IsNaN(Assert.Single(row.Numbers).Value));
        Assert.Equal("NaN-free", row["tag"]);
    }

    [Fact]
    public void Read_ManyDistinctValues_EachCorrect()
    {
        // Unique values churn the bounded cache; every row must still get its own value back.
        using var dir = new TempRunDirectory();
        var path = dir.Write("steps.jsonl", InputSamples.Lines(Enumerable.Range(0, 5000).Select(i => InputSamples.ManifestLine(i, i, "shard-" + (i % 7).ToString(CultureInfo.InvariantCulture)))));

        var rows = new StepManifest([path]).Read(new ManifestReadStats()).ToList();

        Assert.All(rows, r => Assert.Equal("shard-" + (r.Rank % 7).ToString(CultureInfo.InvariantCulture), r["data_shard"]));
        Assert.Equal(5000, rows.Select(r => r["batch_id"]).Distinct().Count());
    }
}
