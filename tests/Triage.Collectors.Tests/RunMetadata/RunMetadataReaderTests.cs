using Triage.Collectors.RunMetadata;
using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

public sealed class RunMetadataReaderTests
{
    [Fact]
    public void Read_FullRunDirectory_EverythingRecognisedByContent()
    {
        using var dir = new TempRunDirectory();
        dir.Write("meta/topology.yaml", InputSamples.TopologyYaml);
        dir.Write("meta/run.yaml", InputSamples.RunYaml);
        var manifest0 = dir.WriteGzip("deep/er/data/steps-000.jsonl.gz", InputSamples.Lines([InputSamples.ManifestLine(0, 1, "a")]));
        var manifest1 = dir.Write("deep/er/data/steps-001.log", InputSamples.Lines([InputSamples.ManifestLine(0, 2, "a")]));
        var metrics = dir.Write("train/out.json", InputSamples.Lines([InputSamples.MetricsLine(1), InputSamples.MetricsLine(2)]));
        dir.Write("node-001/slurm-48213.out", "[rank3]: RuntimeError: CUDA error: an illegal memory access was encountered\n");
        dir.WriteBytes("node-001/core.1234", [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]);

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Empty(inputs.Problems);
        Assert.NotNull(inputs.Topology);
        Assert.NotNull(inputs.Facts);
        Assert.Equal([manifest0, manifest1], inputs.Manifest!.Files);
        Assert.DoesNotContain(metrics, inputs.Manifest.Files);
    }

    [Fact]
    public void Read_JsonLogs_NotManifestOrMetrics()
    {
        using var dir = new TempRunDirectory();
        dir.Write("app.jsonl", "{\"time\":\"2026-05-02T03:14:07Z\",\"level\":\"INFO\",\"msg\":\"starting\"}\n{\"time\":\"2026-05-02T03:14:08Z\",\"level\":\"ERROR\",\"msg\":\"boom\"}\n");
        dir.Write("mixed.jsonl", "{\"step\":1,\"phase\":\"train\"}\n");
        dir.Write("config.json", "{\n  \"rank\": 0,\n  \"step\": 1\n}\n");
        dir.Write("array.jsonl", "[{\"rank\":0,\"step\":1,\"s\":\"x\"}]\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Null(inputs.Manifest);
        Assert.Empty(inputs.Problems);
    }

    [Fact]
    public void Read_OtherYaml_NotMetadataAndNoProblem()
    {
        using var dir = new TempRunDirectory();
        dir.Write("k8s/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: trainer-0\n");
        dir.Write("helm/values.yaml", "image: {{ .Values.image }\n  bad: [\n");
        dir.Write("hosts.yaml", "hosts: [a, b]\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Null(inputs.Topology);
        Assert.Null(inputs.Facts);
        Assert.Empty(inputs.Problems);
    }

    [Fact]
    public void Read_MalformedNamedFiles_ProblemsWithPathAndReason()
    {
        using var dir = new TempRunDirectory();
        var topology = dir.Write("topology.yaml", "hosts:\n  - host: [unclosed\n");
        var run = dir.Write("run.yaml", "name: only a name\n");
        var csv = dir.Write("topology.csv", "rack,switch\nr1,s1\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Null(inputs.Topology);
        Assert.Null(inputs.Facts);
        Assert.Equal(3, inputs.Problems.Count);
        Assert.Contains(inputs.Problems, p => p.Path == topology && p.Reason.StartsWith("not usable YAML: line ", StringComparison.Ordinal));
        Assert.Contains(inputs.Problems, p => p.Path == run && p.Reason.Contains("world_size", StringComparison.Ordinal));
        Assert.Contains(inputs.Problems, p => p.Path == csv && p.Reason.Contains("host column", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DeeplyNestedYaml_ProblemNotCrash()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("topology.yaml", new string('[', 100_000));

        var problem = Assert.Single(RunMetadataReader.Read(dir.Path).Problems);

        Assert.Equal(path, problem.Path);
        Assert.Contains("nested deeper", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OversizedDocument_Problem()
    {
        using var dir = new TempRunDirectory();
        var path = dir.Write("topology.yaml", InputSamples.TopologyYaml);

        var inputs = RunMetadataReader.Read(dir.Path, RunMetadataLimits.Default with { MaxDocumentBytes = 64 }, default);

        Assert.Null(inputs.Topology);
        Assert.Equal(path, Assert.Single(inputs.Problems).Path);
    }

    [Fact]
    public void Read_TwoRunFacts_RunYamlWins()
    {
        using var dir = new TempRunDirectory();
        var other = dir.Write("a/job.yaml", "run: other\njob_id: 2\n");
        dir.Write("z/run.yaml", "run: main\njob_id: 1\n");

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Equal("main", inputs.Facts!.Facts["run"]);
        Assert.Equal(other, Assert.Single(inputs.Problems).Path);
    }

    [Fact]
    public void Read_CsvRepeatingHosts_NotTopology()
    {
        using var dir = new TempRunDirectory();
        dir.Write("gpu-temps.csv", "host,gpu,temp\nnode-1,0,71\nnode-1,1,70\n");

        Assert.Null(RunMetadataReader.Read(dir.Path).Topology);
    }

    [Fact]
    public void Read_HiddenFiles_Skipped()
    {
        using var dir = new TempRunDirectory();
        dir.Write(".triage/cache.jsonl", InputSamples.Lines([InputSamples.ManifestLine(0, 1, "a")]));

        Assert.Null(RunMetadataReader.Read(dir.Path).Manifest);
    }

    [Fact]
    public void Read_MissingDirectory_Problem()
    {
        var missing = Path.Combine(Path.GetTempPath(), "triage-missing-" + Guid.NewGuid().ToString("N"));

        var inputs = RunMetadataReader.Read(missing);

        Assert.Null(inputs.Topology);
        Assert.Equal(missing, Assert.Single(inputs.Problems).Path);
    }

    [Fact]
    public void Read_EmptyDirectory_NothingFound()
    {
        using var dir = new TempRunDirectory();

        var inputs = RunMetadataReader.Read(dir.Path);

        Assert.Equal((null, null, null, 0), (inputs.Topology, inputs.Facts, inputs.Manifest, inputs.Problems.Count));
    }

    [Fact]
    public void Read_Cancelled_Throws()
    {
        using var dir = new TempRunDirectory();
        dir.Write("a.txt", "x");

        Assert.Throws<OperationCanceledException>(() => RunMetadataReader.Read(dir.Path, new CancellationToken(true)));
    }

    [Fact]
    public void None_Empty()
    {
        Assert.Equal((null, null, null, 0), (RunInputs.None.Topology, RunInputs.None.Facts, RunInputs.None.Manifest, RunInputs.None.Problems.Count));
    }
}
