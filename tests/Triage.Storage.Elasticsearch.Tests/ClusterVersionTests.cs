using System.Text;
using Elastic.Clients.Elasticsearch;
using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Storage.Embedded.Tests;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>Elasticsearch 8 and 9 through the 9.x client: the compatibility headers each node version accepts.</summary>
public sealed class ClusterVersionTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public async Task AppendQueryAggregateVote_NodeOfVersion_NoRequestRefusedForItsHeaders(int major)
    {
        using var cluster = new FakeCluster { Major = major, ItemStatus = (n, i) => n == 0 && i == 1 ? 429 : 0 };
        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;
        var symptoms = TestSymptoms.Range(0, 20);

        Assert.Equal(20, await store.AppendAsync(symptoms));
        var page = await store.QueryAsync(new SymptomFilter { Run = "run-a" }, new SymptomPageRequest { Size = 100 });
        var groups = await store.AggregateAsync(SymptomFilter.All, [SymptomField.Parse("kind")]);
        await store.VoteAsync("run-a", "h-1", "ana", 1);

        Assert.Equal(major, store.Cluster.Major);
        Assert.Empty(cluster.RefusedHeaders);
        Assert.Empty(cluster.Faults);
        Assert.Equal(symptoms.Count(s => s.Run == "run-a"), page.Items.Count);
        Assert.Equal(20, groups.Total);
        Assert.Equal(20, cluster.Created);
        Assert.Equal(2, cluster.BulkRequests); // the item-level 429 was sent again
    }

    [Fact]
    public async Task ClientDefaults_On8xNode_RefusedAsARealNodeRefusesThem()
    {
        // The bare 9.x client (no per-request headers) against the 8.x stand-in: the refusal the store avoids.
        using var cluster = new FakeCluster { Major = 8 };
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(cluster.Nodes()[0].Uri));

        var response = await client.CountAsync(new CountRequest("anything"));

        Assert.Equal(400, response.ApiCallDetails.HttpStatusCode);
        Assert.Equal("media_type_header_exception", response.ElasticsearchServerError?.Error?.Type);
        Assert.Contains(
            "Accept version must be either version 8 or 7, but found 9. Accept=application/vnd.elasticsearch+json;compatible-with=9",
            Assert.Single(cluster.RefusedHeaders),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9, "application/vnd.elasticsearch+json; compatible-with=9", "application/vnd.elasticsearch+json; compatible-with=9", true, null)]
    [InlineData(9, "application/vnd.elasticsearch+json; compatible-with=8", "application/vnd.elasticsearch+json; compatible-with=8", true, null)]
    [InlineData(9, "application/json", "application/json", true, null)]
    [InlineData(8, "application/vnd.elasticsearch+json; compatible-with=9", null, false, "Accept version must be either version 8 or 7, but found 9.")]
    [InlineData(8, "application/json", "application/vnd.elasticsearch+json; compatible-with=9", true, "Content-Type version must be either version 8 or 7, but found 9.")]
    [InlineData(9, "application/vnd.elasticsearch+json; compatible-with=9", "application/json", true, "A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. ")]
    [InlineData(9, "application/vnd.elasticsearch+json; compatible-with=8", "application/vnd.elasticsearch+json; compatible-with=9", true, "the compatible versions must match")]
    [InlineData(9, "application/vnd.elasticsearch+json; compatible-with=7", null, false, "Accept version must be either version 9 or 8, but found 7.")]
    public void Refusal_HeaderPairs_AsElasticsearchDecides(int major, string accept, string? contentType, bool hasContent, string? reason)
    {
        var refusal = CompatibilityHeaders.Refusal(major, accept, contentType, hasContent);

        if (reason is null)
        {
            Assert.Null(refusal);
            return;
        }

        var text = Encoding.UTF8.GetString(refusal!);
        Assert.Contains("\"type\":\"media_type_header_exception\"", text, StringComparison.Ordinal);
        Assert.Contains("Invalid media-type value on headers [Accept, Content-Type]", text, StringComparison.Ordinal);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Contains("\"status\":400", text, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Major8_BothHeadersCarryCompatibleWith8AndBulkIsNdjson()
    {
        var headers = EsCompatibility.For(8);

        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=8", headers.For(ndjson: false)!.Accept);
        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=8", headers.For(ndjson: false)!.ContentType);
        Assert.Equal("application/vnd.elasticsearch+x-ndjson; compatible-with=8", headers.For(ndjson: true)!.ContentType);
        Assert.Null(EsCompatibility.For(9).For(ndjson: false));
    }

    [Fact]
    public async Task OpenAsync_OpenSearchNode_RefusedWithAClearMessage()
    {
        // OpenSearch answers GET / without X-Elastic-Product, which the typed client would refuse
        // with UnsupportedProductException before the store could say what the server is.
        using var cluster = new FakeCluster
        {
            ProductHeader = false,
            Script = (request, _) =>
            {
                if (request.Path != "/")
                {
                    return null;
                }

                var info = System.Text.Json.Nodes.JsonNode.Parse(WireExamples.Bytes("root_info_8_12.json"))!;
                info["version"]!["number"] = "2.11.0";
                info["version"]!["distribution"] = "opensearch";
                return new StandInResponse(200, Encoding.UTF8.GetBytes(info.ToJsonString()));
            },
        };

        var error = await Assert.ThrowsAsync<StoreException>(() => FakeStore.OpenAsync(cluster));

        Assert.Contains("OpenSearch 2.11.0 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("use Elasticsearch 8 or 9", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /"], cluster.Requests);
    }

    [Fact]
    public async Task OpenAsync_ElasticsearchBehindAProxyThatDropsTheProductHeader_RefusedNamingTheHeader()
    {
        using var cluster = new FakeCluster { ProductHeader = false };

        var error = await Assert.ThrowsAsync<StoreException>(() => FakeStore.OpenAsync(cluster));

        Assert.Contains("X-Elastic-Product", error.Message, StringComparison.Ordinal);
    }
}
