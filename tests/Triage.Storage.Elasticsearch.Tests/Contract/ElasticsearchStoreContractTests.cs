namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>
/// The contract against a real cluster at TRIAGE_ES_URL (credentials from TRIAGE_ES_API_KEY or
/// TRIAGE_ES_USERNAME/TRIAGE_ES_PASSWORD, TLS from TRIAGE_ES_CA_FILE / TRIAGE_ES_CA_FINGERPRINT,
/// TRIAGE_ES_INSECURE=1 for a self-signed test cluster). Each test uses its own namespace and
/// deletes its data stream and indices afterwards.
/// </summary>
[RequiresEnvironment("TRIAGE_ES_URL", "set it (and credentials) to run the store contract against Elasticsearch 8/9")]
public sealed class ElasticsearchStoreContractTests : SymptomStoreContract
{
    private readonly string _namespace = "contract_" + Guid.NewGuid().ToString("N")[..12];
    private EsConnectionOptions? _options;

    protected override async Task<ISymptomStore> OpenAsync(TimeProvider clock)
    {
        _options = EsConnectionOptions.FromSpec(
            Environment.GetEnvironmentVariable("TRIAGE_ES_URL")! + "?namespace=" + _namespace,
            Environment.GetEnvironmentVariable,
            insecure: Environment.GetEnvironmentVariable("TRIAGE_ES_INSECURE") == "1");
        return await ElasticsearchSymptomStore.OpenAsync(_options, null, clock, (d, ct) => Task.Delay(d, ct), CancellationToken.None);
    }

    protected override async Task CleanUpAsync()
    {
        if (_options is null)
        {
            return;
        }

        // Through the official client too; the cluster's own version headers come from a probe store.
        await using var store = await ElasticsearchSymptomStore.OpenAsync(_options, TimeProvider.System);
        var client = new Elastic.Clients.Elasticsearch.ElasticsearchClient(EsClientSettings.Create(_options));
        var layout = new EsLayout(_namespace);
        var headers = EsCompatibility.For(store.Cluster.Major).For(ndjson: false);
        await client.Indices.DeleteDataStreamAsync(new Elastic.Clients.Elasticsearch.IndexManagement.DeleteDataStreamRequest(layout.Events) { RequestConfiguration = headers });
        foreach (var kind in EsLayout.StateKinds)
        {
            await client.Indices.DeleteAsync(new Elastic.Clients.Elasticsearch.IndexManagement.DeleteIndexRequest(layout.Alias(kind) + "-000001") { RequestConfiguration = headers });
        }
    }
}
