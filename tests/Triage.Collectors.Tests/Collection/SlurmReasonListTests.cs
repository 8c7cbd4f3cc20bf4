using System.Text;
using Microsoft.Extensions.Time.Testing;
using Triage.Collectors.Collection;
using Triage.Collectors.Tests.Support;
using Triage.Storage;
using Triage.Storage.Embedded;

namespace Triage.Collectors.Tests.Collection;

/// <summary>A saved <c>sinfo -R</c>: each row's hosts become node-failure warnings at the time Slurm set the reason.</summary>
public sealed class SlurmReasonListTests : IDisposable
{
    // Verbatim from a user's post on the University of Geneva HPC forum (hpc-community.unige.ch, cluster
    // baobab, 2025-04-03): the default columns, reasons cut at 20 characters, compressed host lists.
    private const string Baobab = """
        REASON               USER      TIMESTAMP           NODELIST
        issue-5894           root      2025-04-02T16:01:38 cpu242
        issue-6543           root      2025-03-24T09:32:28 cpu319
        gres/gpu GRES core s slurm     2025-04-03T15:48:07 gpu030
        gres/gpu count repor slurm     2025-04-02T15:47:44 gpu002
        gres/gpu GRES core s slurm     2025-04-03T15:48:07 gpu[004-009]
        """;

    private readonly TempDir _temp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TryRead_RealOutput_ReadsEveryRowByColumn()
    {
        var table = SlurmReasonList.TryRead(Encoding.UTF8.GetBytes(Baobab))!;

        Assert.Empty(table.NotUnderstood);
        Assert.Equal(5, table.Rows.Count);
        var last = table.Rows[^1];
        Assert.Equal("gres/gpu GRES core s", last.Reason);
        Assert.Equal("slurm", last.User);
        Assert.Equal(new DateTimeOffset(2025, 4, 3, 15, 48, 7, TimeSpan.Zero), last.Time);
        Assert.Equal(["gpu004", "gpu005", "gpu006", "gpu007", "gpu008", "gpu009"], last.Hosts);
        Assert.Equal(6, last.Line);
        Assert.Null(last.State);
    }

    [Fact]
    public void TryRead_LongFormatUnknownTimeAndARowThatDoesNotFit()
    {
        // 'sinfo -R -l' adds STATE; a reason Slurm recorded no time for prints "Unknown"; the last row is cut.
        var text = """
            REASON               USER         TIMESTAMP           STATE  NODELIST
            Low socket*core*thre slurm(202)   2018-02-25T11:45:44 drain  node1
            Not responding       root(0)      Unknown             down*  node[2-3]
            Kill task failed     root
            """;

        var table = SlurmReasonList.TryRead(Encoding.UTF8.GetBytes(text))!;

        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("drain", table.Rows[0].State);
        Assert.Equal("Low socket*core*thre", table.Rows[0].Reason);
        Assert.Null(table.Rows[1].Time);
        Assert.Equal(["node2", "node3"], table.Rows[1].Hosts);
        Assert.Equal([4], table.NotUnderstood);
    }

    [Theory]
    [InlineData("NODELIST   NODES PARTITION STATE\nnode1 1 main* idle\n")]
    [InlineData("2025-04-02 REASON USER TIMESTAMP NODELIST\n")]
    [InlineData("")]
    public void TryRead_NotTheHeader_IsNotOne(string text) => Assert.Null(SlurmReasonList.TryRead(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task CollectAsync_SavedSinfoR_OneNodeFailureWarningPerHostAndBadRowsNamed()
    {
        var dir = Directory.CreateDirectory(_temp.File("run/slurm")).Parent!.FullName;
        File.WriteAllText(Path.Combine(dir, "slurm", "sinfo-R.txt"), Baobab + "\nKill task failed     root\n");
        await using var store = await SqliteSymptomStore.OpenAsync(_temp.File("store/a.db"), _time);
        var collector = new RunCollector(store, TestRules.Minimal, _time);

        var first = await collector.CollectAsync(dir, new CollectOptions { Run = "r" });
        var again = await collector.CollectAsync(dir, new CollectOptions { Run = "r" });

        Assert.Equal(10, first.SymptomsNew);
        Assert.Equal(0, again.SymptomsNew);
        var symptoms = (await store.QueryAsync(SymptomFilter.All, new SymptomPageRequest { Size = 100 })).Items;
        Assert.All(symptoms, s => Assert.Equal(("job.node_fail", Triage.Symptoms.Severity.Warning, "slurm.sinfo_reason"), (s.Kind, s.Severity, s.Rule)));
        Assert.Equal(10, symptoms.Select(s => s.Id).Distinct().Count());
        var gpu007 = Assert.Single(symptoms, s => s.Host == "gpu007");
        Assert.Equal(new DateTimeOffset(2025, 4, 3, 15, 48, 7, TimeSpan.Zero), gpu007.Timestamp);
        Assert.Equal(("slurm/sinfo-R.txt", 6L), (gpu007.Source.Path, gpu007.Source.Line));
        Assert.Equal("gres/gpu GRES core s", gpu007.Attrs["reason"]);
        var failure = Assert.Single(await store.GetFailuresAsync("r"));
        Assert.Equal((CollectorFailureKind.Damaged, "slurm/sinfo-R.txt"), (failure.Kind, failure.Path));
        Assert.Contains("line 7", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_SavedSinfoR_SameSymptomsAsCollectWithoutAStore()
    {
        var path = _temp.File("sinfo-R.txt");
        File.WriteAllText(path, Baobab + "\nKill task failed     root\n");
        var symptoms = new List<Triage.Symptoms.Symptom>();

        var outcome = await Triage.Collectors.Extraction.FileExtraction.ExtractAsync(path, "sinfo-R.txt", TestRules.Minimal, (batch, _) =>
        {
            symptoms.AddRange(batch);
            return Task.CompletedTask;
        });

        Assert.Equal(10, symptoms.Count);
        Assert.All(symptoms, s => Assert.Equal("job.node_fail", s.Kind));
        Assert.Equal(10, outcome.Symptoms);
        Assert.Contains("line 7", outcome.StreamError, StringComparison.Ordinal);
    }
}
