using Microsoft.Extensions.Time.Testing;
using Triage.Simulator.Evaluation;
using Triage.Storage.Embedded;
using Triage.Symptoms;

namespace Triage.Simulator.Tests.Evaluation;

public sealed class StoredSymptomsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "triage-stored-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ReadAsync_SeveralPages_EverySymptomOfTheRunOnce()
    {
        await using var store = await SqliteSymptomStore.OpenAsync(Path.Combine(_dir, "s.db"), new FakeTimeProvider(), CancellationToken.None);
        await store.AppendAsync([.. Enumerable.Range(1, 25).Select(i => EvalFixtures.SymptomAt("a.log", i))]);
        await store.AppendAsync([EvalFixtures.SymptomAt("b.log", 1) with { Id = "other", Run = "other" }]);

        var seen = new List<Symptom>();
        await foreach (var symptom in StoredSymptoms.ReadAsync(store, "run", pageSize: 10))
        {
            seen.Add(symptom);
        }

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Select(s => s.Id).Distinct().Count());
        Assert.All(seen, s => Assert.Equal("run", s.Run));
    }
}
