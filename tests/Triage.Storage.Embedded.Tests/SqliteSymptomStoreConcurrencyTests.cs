namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreConcurrencyTests
{
    [Fact]
    public async Task AppendAsync_TwoInstancesFourWritersAndAPagingReader_StoresEachIdExactlyOnce()
    {
        await using var temp = await TempStore.CreateAsync();
        var other = await temp.OpenAsync();
        SqliteSymptomStore[] instances = [temp.Store, other];
        const int Writers = 4;
        const int Batches = 20;
        const int BatchSize = 1000;

        // Writer w, batch b covers [(w + b) * 500, +1000): neighbours overlap by half, across instances too.
        var inserted = new int[Writers];
        using var writersDone = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                var batch = TestSymptoms.Range((w + b) * (BatchSize / 2), BatchSize, run: "shared");
                Interlocked.Add(ref inserted[w], await instances[w % 2].AppendAsync(batch));
            }
        })).ToArray();
        var reader = Task.Run(async () =>
        {
            var pagesRead = 0;
            while (!writersDone.IsCancellationRequested || pagesRead == 0)
            {
                string? cursor = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                do
                {
                    var page = await instances[1].QueryAsync(new SymptomFilter { Run = "shared" }, new SymptomPageRequest { Size = 250, Cursor = cursor });
                    Assert.All(page.Items, s => Assert.True(seen.Add(s.Id), "a page repeated a symptom"));
                    cursor = page.NextCursor;
                    pagesRead++;
                }
                while (cursor is not null);
            }

            return pagesRead;
        });

        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        var pages = await reader;

        var expected = (Writers - 1 + Batches - 1) * (BatchSize / 2) + BatchSize;
        Assert.Equal(expected, await temp.Store.CountAsync(new SymptomFilter { Run = "shared" }));
        Assert.Equal(expected, inserted.Sum());
        Assert.True(pages > 0);
    }

    [Fact]
    public async Task OpenAsync_ManyInstancesAtOnceOnANewFile_AllSucceedWithOneSchema()
    {
        await using var temp = TempStore.CreateEmpty();

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => temp.OpenAsync())));
        await Task.WhenAll(stores.Select((s, i) => s.AppendAsync([TestSymptoms.Make(i)])));

        Assert.Equal(6, await stores[0].CountAsync(SymptomFilter.All));
    }
}
