using Microsoft.Extensions.Time.Testing;
using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Storage.Embedded.Tests;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>TLS through the client's settings against a node with its own self-signed CA: a pinned fingerprint, a CA file, --insecure, or refused.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly FakeCluster _cluster = new();
    private readonly TlsStandInNode _node;
    private readonly string _caFile = Path.Combine(Path.GetTempPath(), "triage-tls-" + Guid.NewGuid().ToString("N") + ".pem");

    public TlsTests()
    {
        _node = new TlsStandInNode(_cluster);
        File.WriteAllText(_caFile, _node.Certificate.ExportCertificatePem());
    }

    public void Dispose()
    {
        _node.Dispose();
        _cluster.Dispose();
        File.Delete(_caFile);
    }

    [Fact]
    public async Task OpenAsync_PinnedFingerprintAsPrinted_ConnectsAndStores() =>
        await AssertStoresAsync(Options(fingerprint: _node.Fingerprint));

    [Fact]
    public async Task OpenAsync_CaFile_ConnectsAndStores() =>
        await AssertStoresAsync(Options(caFile: _caFile));

    [Fact]
    public async Task OpenAsync_Insecure_ConnectsAndStores() =>
        await AssertStoresAsync(Options(insecure: true));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAsync_UntrustedOrOtherFingerprint_RefusedWithoutTheSecret(bool otherFingerprint)
    {
        var options = Options(fingerprint: otherFingerprint ? new string('A', 64) : null);

        var error = await Assert.ThrowsAsync<StoreException>(() => ElasticsearchSymptomStore.OpenAsync(options, null, new FakeTimeProvider(FakeStore.Now), (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("probe the cluster failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0OmtleQ==", error.Message, StringComparison.Ordinal);
        Assert.Empty(_cluster.Requests);
    }

    private EsConnectionOptions Options(string? fingerprint = null, string? caFile = null, bool insecure = false) => new()
    {
        Nodes = [_node.Uri],
        ApiKey = "c2VjcmV0OmtleQ==",
        CaFingerprint = fingerprint,
        CaFile = caFile,
        Insecure = insecure,
        RequestTimeout = TimeSpan.FromSeconds(5),
        MaxRetries = 0,
    };

    private async Task AssertStoresAsync(EsConnectionOptions options)
    {
        await using var store = await ElasticsearchSymptomStore.OpenAsync(options, null, new FakeTimeProvider(FakeStore.Now), (_, _) => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(3, await store.AppendAsync(TestSymptoms.Range(0, 3)));
        Assert.Equal(3, _cluster.Stored.Count);
    }
}
