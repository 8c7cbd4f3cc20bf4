using Microsoft.Extensions.Time.Testing;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>Opens an <see cref="ElasticsearchSymptomStore"/> on a <see cref="FakeCluster"/>'s loopback node(s), recording the backoff delays instead of waiting.</summary>
internal static class FakeStore
{
    public static readonly DateTimeOffset Now = new(2026, 5, 2, 3, 0, 0, TimeSpan.Zero);

    public static async Task<(ElasticsearchSymptomStore Store, List<TimeSpan> Delays)> OpenAsync(FakeCluster cluster, int maxBulkBytes = 5 * 1024 * 1024, int maxRetries = 8, int nodes = 1)
    {
        var options = new EsConnectionOptions
        {
            Nodes = cluster.Nodes(nodes).Select(n => n.Uri).ToList(),
            ApiKey = "c2VjcmV0OmtleQ==",
            MaxBulkBytes = maxBulkBytes,
            MaxRetries = maxRetries,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        var delays = new List<TimeSpan>();
        var store = await ElasticsearchSymptomStore.OpenAsync(
            options,
            null,
            new FakeTimeProvider(Now),
            (d, _) =>
            {
                lock (delays)
                {
                    delays.Add(d);
                }

                return Task.CompletedTask;
            },
            CancellationToken.None);
        return (store, delays);
    }
}
