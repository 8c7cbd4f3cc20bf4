using System.Text;
using Triage.Hypotheses;
using Triage.Simulator.Truth;
using Triage.Symptoms;

namespace Triage.Simulator.Tests.Evaluation;

// TruthReader lives in Triage.Simulator.Truth; its tests sit with the evaluation that reads truth files.
public sealed class TruthReaderTests : IDisposable
{
    private const string Valid = """
        {
          "schema": "triage.truth/v1", "run": "two", "scenarios": ["ecc", "torch-sum"], "seed": 7, "ranks": 64, "gpus_per_host": 8,
          "generator": { "version": 3, "nested": [1, {"a": [true, null]}] },
          "causes": [
            { "id": "ecc", "scenario": "ecc", "category": "hardware", "summary": "DBE on node-003 GPU 2",
              "match": [ [ { "key": "host", "value": "node-003" }, { "key": "gpu", "value": "2" } ], [ { "key": "pattern", "value": "spread" } ] ], "first_seen": "2026-05-02T03:14:07Z" },
            { "id": "shard", "scenario": "torch-sum", "category": "software", "summary": "sum kernel",
              "match": [ [ { "key": "data_shard", "value": "web-0412" } ] ], "first_seen": null }
          ],
          "symptoms": [
            { "path": "node-003/kern.log", "line": 12, "cause": "ecc", "role": "root" },
            { "path": "slurm-1.out", "line": 400, "cause": "shard", "role": "collateral", "extra": "ignored" }
          ],
          "noise": [ { "path": "node-020/kern.log", "line": 17, "note": "harmless Xid 13" }, { "path": "x\u002Fy.log", "line": 1 } ]
        }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "triage-truth-tests", Guid.NewGuid().ToString("N"));

    public TruthReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ReadAsync_ValidFile_AllFieldsAndUnknownPropertiesSkipped()
    {
        var truth = await TruthReader.ReadAsync(Write(Valid));

        Assert.Equal(("two", 7, 64, 8), (truth.Run, truth.Seed, truth.Ranks, truth.GpusPerHost));
        Assert.Equal(["ecc", "torch-sum"], truth.Scenarios);
        Assert.Equal(2, truth.Causes.Count);
        var ecc = truth.Causes[0];
        Assert.Equal(SymptomCategory.Hardware, ecc.Category);
        Assert.Equal([new Factor("host", "node-003"), new Factor("gpu", "2")], ecc.Match[0]);
        Assert.Equal([Factor.Spread], ecc.Match[1]);
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 3, 14, 7, TimeSpan.Zero), ecc.FirstSeen);
        Assert.Null(truth.Causes[1].FirstSeen);
        Assert.Equal(new TruthSymptom("slurm-1.out", 400, "shard", AttributionRole.Collateral), truth.Symptoms[1]);
        Assert.Equal(new TruthNoise("x/y.log", 1, ""), truth.Noise[1]);
    }

    [Fact]
    public void Read_ManyEntriesAcrossBufferBoundaries_ReadsAllAndSharesPaths()
    {
        var text = new StringBuilder("""{"schema":"triage.truth/v1","run":"big","causes":[{"id":"c","category":"data","match":[[{"key":"host","value":"h"}]]}],"symptoms":[""");
        const int count = 50_000;
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ",\n").Append("{\"path\":\"rank-").Append(i % 7).Append(".log\",\"line\":").Append(i + 1).Append(",\"cause\":\"c\",\"role\":\"root\"}");
        }

        var truth = TruthReader.Read(Write(text.Append("]}").ToString()));

        Assert.Equal(count, truth.Symptoms.Count);
        Assert.Equal(count, truth.Symptoms[^1].Line);
        Assert.Same(truth.Symptoms[0].Path, truth.Symptoms[7].Path);
    }

    [Fact]
    public void Read_MissingFile_UsageErrorNamingThePath()
    {
        var path = Path.Combine(_dir, "nope.truth.json");

        var ex = Assert.Throws<TriageException>(() => TruthReader.Read(path));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"schema":"triage.truth/v0","run":"r","causes":[]}""", "schema is 'triage.truth/v0', expected 'triage.truth/v1'")]
    [InlineData("""{"run":"r","causes":[]}""", "no 'schema'")]
    [InlineData("""{"schema":"triage.truth/v1","causes":[]}""", "missing 'run'")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r"}""", "missing 'causes'")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[{"id":"c","category":"cosmic","match":[[{"key":"host","value":"h"}]]}]}""", "line 1: unknown category 'cosmic'")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[{"id":"c","category":"data"}]}""", "has no 'match'")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[{"id":"c","category":"data","match":[]}]}""", "lists no alternatives")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[{"id":"c","category":"software","match":[[]]}]}""", "an empty alternative names nothing")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[{"id":"c","category":"data","match":[[{"key":"host","value":"h"}]]},{"id":"c","category":"data","match":[[{"key":"host","value":"h"}]]}]}""", "cause id 'c' appears twice")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[],"symptoms":[{"path":"a","line":1,"cause":"c","role":"primary"}]}""", "unknown role 'primary' (expected one of root, collateral)")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[],"symptoms":[{"path":"a","line":1,"cause":"c","role":"root"}]}""", "symptom a:1 names cause 'c', which is not among the causes")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[],"symptoms":[{"path":"a","line":0,"cause":"c","role":"root"}]}""", "'line' must be a positive integer")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[],"symptoms":[{"path":"a","cause":"c","role":"root"}]}""", "needs 'path', 'line', 'cause' and 'role'")]
    [InlineData("""{"schema":"triage.truth/v1","run":5,"causes":[]}""", "'run' must be a string")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{"schema":"triage.truth/v1","run":"r","causes":[]} {}""", "line 1:")]
    public void Read_WrongContent_FailureNamingFileAndProblem(string json, string problem)
    {
        var path = Write(json);

        var ex = Assert.Throws<TriageException>(() => TruthReader.Read(path));

        Assert.Equal(ExitCodes.Failure, ex.ExitCode);
        Assert.StartsWith($"truth file '{path}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schema\": \"triage.truth/v1\",\n \"run\": \"r\",\n \"causes\": [,]}", "line 3: not valid JSON")]
    [InlineData("{\"schema\": \"triage.truth/v1\", \"run\": \"r\"", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("not json", "line 1: not valid JSON")]
    public void Read_BadJson_FailureWithLine(string json, string problem)
    {
        var ex = Assert.Throws<TriageException>(() => TruthReader.Read(Write(json)));

        Assert.Equal(ExitCodes.Failure, ex.ExitCode);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ByteOrderMark_Accepted()
    {
        var path = Path.Combine(_dir, "bom.json");
        File.WriteAllText(path, """{"schema":"triage.truth/v1","run":"r","causes":[]}""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("r", TruthReader.Read(path).Run);
    }

    [Fact]
    public void Read_Cancelled_Throws()
    {
        var path = Write(Valid);

        Assert.ThrowsAny<OperationCanceledException>(() => TruthReader.Read(path, new CancellationToken(canceled: true)));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".truth.json");
        File.WriteAllText(path, json);
        return path;
    }
}
