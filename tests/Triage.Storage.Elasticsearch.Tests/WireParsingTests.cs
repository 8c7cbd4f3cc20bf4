using System.Text.Json;
using System.Text.Json.Nodes;
using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>Parsing and classification over the real recorded bodies in tests/data/elasticsearch-wire-examples.</summary>
public sealed class WireParsingTests
{
    [Fact]
    public async Task FromResponse_BulkSuccessMixedActions_AllStoredAndDeleteOf404IsHarmless()
    {
        var items = await ReplayBulkAsync(WireExamples.Bytes("bulk_success_mixed_actions.json"));

        Assert.Equal(["index", "delete", "create", "update"], items.Select(i => i.Action));
        Assert.Equal([BulkItemOutcome.Stored, BulkItemOutcome.NotFound, BulkItemOutcome.Stored, BulkItemOutcome.Stored], items.Select(i => i.Outcome));
        Assert.Equal("3", items[2].Id);
    }

    [Fact]
    public async Task FromResponse_BulkPartialFailure_404UpdatesRejectedCreateStored()
    {
        var items = await ReplayBulkAsync(WireExamples.Bytes("bulk_partial_failure_404.json"));

        Assert.Equal([BulkItemOutcome.Rejected, BulkItemOutcome.Rejected, BulkItemOutcome.Stored], items.Select(i => i.Outcome));
        Assert.Equal("document_missing_exception", items[0].Error!.Type);
        Assert.Equal("[5]: document missing", items[0].Error!.Reason);
    }

    [Fact]
    public async Task FromResponse_FilterPathItemsError_NoStatusStillClassifiedByType()
    {
        var items = await ReplayBulkAsync(WireExamples.Bytes("bulk_filter_path_items_error.json"));

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(0, i.Status));
        Assert.All(items, i => Assert.Equal(BulkItemOutcome.Rejected, i.Outcome));
    }

    [Fact]
    public async Task FromResponse_DataStreamCreateTwice_SecondIsAlreadyStored()
    {
        var items = await ReplayBulkAsync(WireExamples.Bytes("bulk_data_stream_create_conflict_409.json"));

        Assert.Equal([BulkItemOutcome.Stored, BulkItemOutcome.AlreadyStored], items.Select(i => i.Outcome));
        Assert.Equal("version_conflict_engine_exception", items[1].Error!.Type);
    }

    [Fact]
    public async Task FromResponse_MapperParsing400_RejectedWithTheWholeCauseChain()
    {
        var item = Assert.Single(await ReplayBulkAsync(WireExamples.Bytes("bulk_item_400_mapper_parsing.json")));

        Assert.Equal(BulkItemOutcome.Rejected, item.Outcome);
        Assert.Equal("mapper_parsing_exception", item.Error!.Type);
        Assert.Contains("failed to parse field [created_at]", item.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("caused by illegal_argument_exception", item.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("caused by date_time_parse_exception", item.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromResponse_WriteQueue429Item_IsRetried()
    {
        // The recorded item is the inner object of one items[] entry: wrapped as a node sends it.
        var body = new JsonObject { ["took"] = 1, ["errors"] = true, ["items"] = new JsonArray(new JsonObject { ["index"] = JsonNode.Parse(WireExamples.Bytes("bulk_item_429_write_queue_rejected.json")) }) };

        var item = Assert.Single(await ReplayBulkAsync(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString())));

        Assert.Equal(429, item.Status);
        Assert.Equal(BulkItemOutcome.Retry, item.Outcome);
        Assert.Equal("es_rejected_execution_exception", item.Error!.Type);
    }

    [Theory]
    [InlineData("error_429_es_rejected_execution_indexing_pressure.json", "es_rejected_execution_exception")]
    [InlineData("error_429_rejected_execution_variant.json", "rejected_execution_exception")]
    public void FromBody_Both429Variants_ParseTypeAndAreTransientByStatus(string file, string type)
    {
        var bytes = WireExamples.Bytes(file);
        using var doc = JsonDocument.Parse(bytes);

        var error = EsError.FromBody(bytes);

        Assert.Equal(type, error.Type);
        Assert.StartsWith("rejected execution of coordinating operation", error.Reason, StringComparison.Ordinal);
        Assert.True(RetryPolicy.IsTransient(doc.RootElement.GetProperty("status").GetInt32()));
    }

    [Fact]
    public void FromBody_409SeqNoConflict_IsVersionConflict()
    {
        var error = EsError.FromBody(WireExamples.Bytes("error_409_version_conflict_if_seq_no.json"));

        Assert.Equal("version_conflict_engine_exception", error.Type);
        Assert.Contains("required seqNo [105769]", error.Reason, StringComparison.Ordinal);
        Assert.False(RetryPolicy.IsTransient(409));
    }

    [Fact]
    public async Task Rows_RecordedPage_KeysInvariantTextAndAfterKey()
    {
        using var client = WireReplay.Client(WireReplay.TypedKeys("search_aggs_composite_page_filter_path.json", ("my_buckets", "composite")));
        var groupBy = new[] { SymptomField.TimeBucket(86_400), SymptomField.Parse("kind") };

        var composite = (await client.SearchAsync("aggregate", "idx", w => w.WriteRawValue("{}"), CancellationToken.None)).Aggregations!.GetComposite("my_buckets")!;
        var rows = SymptomAggregations.Rows(Renamed(composite), groupBy);
        var after = client.ToJson(composite.AfterKey!);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["1494201600000", "rocky"], rows[0].Keys);
        Assert.Equal(["1494288000000", "mad max"], rows[1].Keys);
        Assert.Equal(2, rows[1].Count);
        Assert.Null(rows[0].FirstSeen);
        using var afterKey = JsonDocument.Parse(after!);
        Assert.Equal("mad max", afterKey.RootElement.GetProperty("product").GetString());
    }

    [Fact]
    public async Task Rows_WithSubAggregation_IgnoresUnknownSubAggregationsAndSortsLargestFirst()
    {
        using var client = WireReplay.Client(WireReplay.TypedKeys("search_aggs_composite_with_subagg_filter_path.json", ("my_buckets", "composite"), ("the_avg", "avg")));
        var groupBy = new[] { SymptomField.TimeBucket(86_400), SymptomField.Parse("kind") };

        var composite = (await client.SearchAsync("aggregate", "idx", w => w.WriteRawValue("{}"), CancellationToken.None)).Aggregations!.GetComposite("my_buckets")!;
        var rows = SymptomAggregations.Rows(Renamed(composite), groupBy);
        rows.Sort(SymptomAggregations.CompareRows);

        Assert.Equal(4, rows.Count);
        Assert.Equal(["1494288000000", "mad max"], rows[0].Keys);
        Assert.Equal(["1494201600000", "rocky"], rows[1].Keys);
    }

    [Fact]
    public async Task TermsBuckets_RecordedTermsAggregation_KeysAndCounts()
    {
        using var client = WireReplay.Client(WireReplay.TypedKeys("search_aggs_terms_filter_path.json", ("genres", "sterms")));

        var response = await client.SearchAsync("terms", "idx", w => w.WriteRawValue("{}"), CancellationToken.None);
        var buckets = StateIndex.TermsBuckets(response.Aggregations, "genres");

        Assert.Equal([("electronic", 6L), ("rock", 3L), ("jazz", 2L)], buckets.Select(b => (b.Key, b.DocCount)));
    }

    [Fact]
    public async Task Hits_RecordedSearch_OneHitWithSource()
    {
        using var client = WireReplay.Client(WireExamples.Bytes("search_hits_basic.json"));

        var hit = Assert.Single((await client.SearchAsync("search", "idx", w => w.WriteRawValue("{}"), CancellationToken.None)).Hits);

        Assert.Equal("GET /search HTTP/1.1 200 1070000", hit.Source.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Hits_SearchHitsNotOurs_ReadFailsWithStoreException()
    {
        using var client = WireReplay.Client(WireExamples.Bytes("search_hits_basic.json"));

        var hit = Assert.Single((await client.SearchAsync("search", "idx", w => w.WriteRawValue("{}"), CancellationToken.None)).Hits);

        Assert.Throws<StoreException>(() => SymptomDocument.Read(hit.Source));
    }

    [Fact]
    public void Parse_RootInfo812WithProductHeader_Supported()
    {
        using var doc = WireExamples.Json("root_info_8_12.json");

        var info = EsClusterInfo.Parse(doc.RootElement, "Elasticsearch");

        Assert.Equal("8.12.1", info.Version);
        Assert.Equal(8, info.Major);
        Assert.Equal("elasticsearch", info.Distribution);
        Assert.Equal("my_test_cluster", info.ClusterName);
        Assert.Null(info.Unsupported());
    }

    [Fact]
    public void Parse_RootInfoWithoutProductHeader_Refused()
    {
        using var doc = WireExamples.Json("root_info_8_12.json");

        Assert.Contains("X-Elastic-Product", EsClusterInfo.Parse(doc.RootElement, null).Unsupported(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9.1.0", null, true)]
    [InlineData("7.17.9", null, false)]
    [InlineData("2.11.0", "opensearch", false)]
    public void Unsupported_RootInfoEditedToOtherVersions_OnlyEs8And9(string number, string? distribution, bool supported)
    {
        // The recorded 8.12 body with version.number (and distribution) edited, as 9.x / 7.x / OpenSearch 2 answer.
        var node = JsonNode.Parse(WireExamples.Bytes("root_info_8_12.json"))!;
        node["version"]!["number"] = number;
        if (distribution is not null)
        {
            node["version"]!["distribution"] = distribution;
        }

        using var doc = JsonDocument.Parse(node.ToJsonString());
        var info = EsClusterInfo.Parse(doc.RootElement, distribution is null ? "Elasticsearch" : null);

        Assert.Equal(supported, info.Unsupported() is null);
        if (distribution is not null)
        {
            Assert.Contains("OpenSearch", info.Unsupported(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_ClusterHealthIsNotRootInfo_Throws()
    {
        using var doc = WireExamples.Json("cluster_health_yellow.json");

        Assert.Throws<StoreException>(() => EsClusterInfo.Parse(doc.RootElement, "Elasticsearch"));
    }

    [Fact]
    public void Authentication_RecordedApiKeyEncoded_ClientApiKeyAndNeverPrinted()
    {
        using var doc = WireExamples.Json("security_create_api_key.json");
        var encoded = doc.RootElement.GetProperty("encoded").GetString()!;
        var options = new EsConnectionOptions { Nodes = [new Uri("https://es:9200")], ApiKey = encoded };

        var header = Assert.IsType<Elastic.Transport.ApiKey>(options.Authentication());
        Assert.True(header.TryGetAuthorizationParameters(out var parameter));
        Assert.Equal("ApiKey", header.AuthScheme);
        Assert.Equal(encoded, parameter);
        Assert.DoesNotContain(encoded, options.ToString(), StringComparison.Ordinal);
        Assert.Equal("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
    }

    [Fact]
    public void PitOpen_RecordedAnswer_IdRoundTripsThroughTheCursor()
    {
        using var doc = WireExamples.Json("pit_open.json");
        var pit = doc.RootElement.GetProperty("id").GetString()!;

        var cursor = SearchCursor.Decode(new SearchCursor(pit, "[-9223372036854775808,\"abc\",17]").Encode());

        Assert.Equal(pit, cursor.PitId);
        Assert.Equal("[-9223372036854775808,\"abc\"]", cursor.WithoutShardDoc());
    }

    private static async Task<IReadOnlyList<BulkItemResult>> ReplayBulkAsync(byte[] body)
    {
        using var client = WireReplay.Client(body);
        var request = new Elastic.Clients.Elasticsearch.BulkRequest { Operations = [new Elastic.Clients.Elasticsearch.Core.Bulk.BulkCreateOperation<RawDocument>(new RawDocument("{}"u8.ToArray())) { Index = "i", Id = "1" }] };
        var response = await client.SendAsync("bulk", ct => client.Client.BulkAsync(request, ct), CancellationToken.None);
        return BulkItemResult.FromResponse(response);
    }

    /// <summary>The recorded composite page names its sources date/product; the store names its own k0, k1.</summary>
    private static Elastic.Clients.Elasticsearch.Aggregations.CompositeAggregate Renamed(Elastic.Clients.Elasticsearch.Aggregations.CompositeAggregate composite) =>
        new(composite.Buckets.Select(b => new Elastic.Clients.Elasticsearch.Aggregations.CompositeBucket(
            b.DocCount,
            b.Key.Values.Select((v, i) => (Key: "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Value: v)).ToDictionary(p => p.Key, p => p.Value))
        { Aggregations = b.Aggregations }).ToList());
}
