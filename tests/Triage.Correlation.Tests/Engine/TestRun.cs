using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.RunMetadata;
using Triage.Hypotheses;
using Triage.Rules.Causal;
using Triage.Storage.Embedded;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Correlation.Tests.Engine;

/// <summary>
/// A run built symptom by symptom into a real SQLite store, with optional run-directory metadata
/// (topology, run.yaml, manifest) written as files, analysed with the repository's causal rules.
/// </summary>
internal sealed class TestRun : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly List<Symptom> _symptoms = [];
    private int _line;

    private TestRun(string directory, SqliteSymptomStore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public string RunDirectory => Path.Combine(Directory, "run");

    public SqliteSymptomStore Store { get; }

    public string Name => "test-run";

    public static async Task<TestRun> CreateAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-corr-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "run"));
        var store = await SqliteSymptomStore.OpenAsync(Path.Combine(dir, "store.db"), new FakeTimeProvider(T0));
        return new TestRun(dir, store);
    }

    public Symptom Add(string kind, double minutes, string? host = null, int? rank = null, int? gpu = null, Severity? severity = null, SymptomCategory? category = null, string? signature = null, bool inferred = false, int? pid = null, string? message = null, params (string Key, string Value)[] attrs)
    {
        _line++;
        var known = SymptomKinds.All.First(k => k.Name == kind);
        var s = new Symptom
        {
            Id = SymptomId.Create(Name, "test", _line, kind),
            Run = Name,
            Timestamp = T0.AddMinutes(minutes),
            TimeInferred = inferred,
            Host = host,
            Rank = rank,
            Gpu = gpu,
            Pid = pid,
            Kind = kind,
            Category = category ?? known.DefaultCategory,
            Severity = severity ?? Severity.Error,
            Signature = signature ?? kind,
            Message = message ?? $"{kind} on {host} rank {rank}",
            Source = new SymptomSource("logs/test.log", _line, _line * 100L),
            Rule = "test." + kind,
            Attrs = attrs.ToDictionary(a => a.Key, a => a.Value),
        };
        _symptoms.Add(s);
        return s;
    }

    /// <summary>Puts <paramref name="updated"/> in the place of <paramref name="added"/> (a line without a time, say).</summary>
    public void Replace(Symptom added, Symptom updated) => _symptoms[_symptoms.IndexOf(added)] = updated;

    public void WriteFile(string relative, string content)
    {
        var path = Path.Combine(RunDirectory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Hosts node-001.., 8 ranks each, switches of 4 hosts, as run.yaml and topology.yaml.</summary>
    public void WriteLayout(int hosts, int ranksPerHost = 8, string? attempts = null)
    {
        var topology = new StringBuilder("hosts:\n");
        for (var h = 0; h < hosts; h++)
        {
            topology.Append(CultureInfo.InvariantCulture, $"  - host: {Host(h)}\n    rack: rack-{h / 8:00}\n    switch: ib-leaf-{h / 4:00}\n    gpus:\n");
            for (var g = 0; g < ranksPerHost; g++)
            {
                topology.Append(CultureInfo.InvariantCulture, $"      - {{ index: {g}, pci: \"0000:{0x18 + g * 0x10:x2}:00.0\" }}\n");
            }
        }

        WriteFile("topology.yaml", topology.ToString());
        var nodes = string.Join(", ", Enumerable.Range(0, hosts).Select(Host));
        WriteFile("run.yaml", string.Create(CultureInfo.InvariantCulture,
            $"run: test-run\njob_id: 1\nworld_size: {hosts * ranksPerHost}\nranks_per_node: {ranksPerHost}\nnodes: [{nodes}]\n{attempts ?? "attempts:\n  - start: 2026-05-02T00:00:00Z\n    versions: { torch_version: 2.4.1, nccl_version: 2.21.5 }\n"}"));
    }

    public static string Host(int h) => string.Create(CultureInfo.InvariantCulture, $"node-{h + 1:000}");

    public async Task<Analysis> AnalyzeAsync(Func<Analyzer, Analyzer>? configure = null)
    {
        if (_symptoms.Count > 0)
        {
            await Store.AppendAsync(_symptoms.ToList());
            _symptoms.Clear();
        }

        var rules = CausalRuleSet.LoadDirectory(Path.Combine(TestRepository.Rules, "causal"));
        var analyzer = new Analyzer(Store, rules, new FakeTimeProvider(T0.AddDays(1)));
        analyzer = configure?.Invoke(analyzer) ?? analyzer;
        var analysis = await analyzer.AnalyzeAsync(Name, RunMetadataReader.Read(RunDirectory));
        await Store.SaveAnalysisAsync(analysis);
        return analysis;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
