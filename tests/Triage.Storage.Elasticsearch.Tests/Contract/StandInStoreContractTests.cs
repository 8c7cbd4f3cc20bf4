using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>
/// The contract through the official client against the 8.x stand-in: every typed request the
/// store sends (bulk, point-in-time pages, counts, composite and terms aggregations, templates,
/// data stream, optimistic concurrency) answered as a node answers it. Not a substitute for
/// <see cref="ElasticsearchStoreContractTests"/> on a real cluster: the stand-in's search is the
/// subset the store uses.
/// </summary>
public sealed class StandIn8StoreContractTests : SymptomStoreContract
{
    private readonly FakeCluster _cluster = new() { Major = 8 };

    protected override async Task<ISymptomStore> OpenAsync(TimeProvider clock) => await StandInContract.OpenAsync(_cluster, clock);

    protected override Task CleanUpAsync() => StandInContract.CleanUpAsync(_cluster);
}

/// <summary>The contract against the 9.x stand-in (the client's own compatible-with=9 headers).</summary>
public sealed class StandIn9StoreContractTests : SymptomStoreContract
{
    private readonly FakeCluster _cluster = new() { Major = 9 };

    protected override async Task<ISymptomStore> OpenAsync(TimeProvider clock) => await StandInContract.OpenAsync(_cluster, clock);

    protected override Task CleanUpAsync() => StandInContract.CleanUpAsync(_cluster);
}

internal static class StandInContract
{
    public static Task<ElasticsearchSymptomStore> OpenAsync(FakeCluster cluster, TimeProvider clock)
    {
        var options = new EsConnectionOptions { Nodes = [cluster.Nodes()[0].Uri], RequestTimeout = TimeSpan.FromSeconds(5) };
        return ElasticsearchSymptomStore.OpenAsync(options, null, clock, (_, _) => Task.CompletedTask, CancellationToken.None);
    }

    public static Task CleanUpAsync(FakeCluster cluster)
    {
        var faults = cluster.Faults.ToList();
        var refused = cluster.RefusedHeaders.ToList();
        cluster.Dispose();
        Assert.Empty(faults);
        Assert.Empty(refused);
        return Task.CompletedTask;
    }
}
