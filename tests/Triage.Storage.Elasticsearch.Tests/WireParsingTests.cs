using System.Text.Json;
using System.Text.Json.Nodes;
using Triage.Storage.Elasticsearch.Tests.Support;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>Parsing and classification over the real recorded bodies in tests/data/elasticsearch-wire-examples.</summary>
public sealed class WireParsingTests
{
    [Fact]
    public void ParseAll_BulkSuccessMixedActions_AllStoredAndDeleteOf404IsHarmless()
    {
        using var doc = WireExamples.Json("bulk_success_mixed_actions.json");

        var items = BulkItemResult.ParseAll(doc.RootElement);

        Assert.Equal(["index", "delete", "create", "update"], items.Select(i => i.Action));
        Assert.Equal([BulkItemOutcome.Stored, BulkItemOutcome.NotFound, BulkItemOutcome.Stored, BulkItemOutcome.Stored], items.Select(i => i.Outcome));
        Assert.Equal("3", items[2].Id);
    }

    [Fact]
    public void ParseAll_BulkPartialFailure_404UpdatesRejectedCreateStored()
    {
        using var doc = WireExamples.Json("bulk_partial_failure_404.json");

        var items = BulkItemResult.ParseAll(doc.RootElement);

        Assert.Equal([BulkItemOutcome.Rejected, BulkItemOutcome.Rejected, BulkItemOutcome.Stored], items.Select(i => i.Outcome));
        Assert.Equal("document_missing_exception", items[0].Error!.Type);
        Assert.Equal("[5]: document missing", items[0].Error!.Reason);
    }

    [Fact]
    public void ParseAll_FilterPathItemsError_NoStatusStillClassifiedByType()
    {
        using var doc = WireExamples.Json("bulk_filter_path_items_error.json");

        var items = BulkItemResult.ParseAll(doc.RootElement);

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(0, i.Status));
        Assert.All(items, i => Assert.Equal(BulkItemOutcome.Rejected, i.Outcome));
    }

    [Fact]
    public void ParseAll_DataStreamCreateTwice_SecondIsAlreadyStored()
    {
        using var doc = WireExamples.Json("bulk_data_stream_create_conflict_409.json");

        var items = BulkItemResult.ParseAll(doc.RootElement);

        Assert.Equal([BulkItemOutcome.Stored, BulkItemOutcome.AlreadyStored], items.Select(i => i.Outcome));
        Assert.Equal("version_conflict_engine_exception", items[1].Error!.Type);
    }

    [Fact]
    public void ParseAll_MapperParsing400_RejectedWithTheWholeCauseChain()
    {
        using var doc = WireExamples.Json("bulk_item_400_mapper_parsing.json");

        var item = Assert.Single(BulkItemResult.ParseAll(doc.RootElement));

        Assert.Equal(BulkItemOutcome.Rejected, item.Outcome);
        Assert.Equal("mapper_parsing_exception", item.Error!.Type);
        Assert.Contains("failed to parse field [created_at]", item.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("caused by illegal_argument_exception", item.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("caused by date_time_parse_exception", item.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseInner_WriteQueue429Item_IsRetried()
    {
        using var doc = WireExamples.Json("bulk_item_429_write_queue_rejected.json");

        var item = BulkItemResult.ParseInner("index", doc.RootElement);

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
    public void ParseComposite_RecordedPage_KeysInvariantTextAndAfterKey()
    {
        using var doc = WireExamples.Json("search_aggs_composite_page_filter_path.json");
        var groupBy = new[] { SymptomField.TimeBucket(86_400), SymptomField.Parse("kind") };

        var (rows, after) = SymptomAggregations.ParseComposite(doc.RootElement.GetProperty("aggregations").GetProperty("my_buckets"), groupBy);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["1494201600000", "rocky"], rows[0].Keys);
        Assert.Equal(["1494288000000", "mad max"], rows[1].Keys);
        Assert.Equal(2, rows[1].Count);
        Assert.Null(rows[0].FirstSeen);
        using var afterKey = JsonDocument.Parse(after!);
        Assert.Equal("mad max", afterKey.RootElement.GetProperty("product").GetString());
    }

    [Fact]
    public void ParseComposite_WithSubAggregation_IgnoresUnknownSubAggregationsAndSortsLargestFirst()
    {
        using var doc = WireExamples.Json("search_aggs_composite_with_subagg_filter_path.json");
        var groupBy = new[] { SymptomField.TimeBucket(86_400), SymptomField.Parse("kind") };

        var (rows, _) = SymptomAggregations.ParseComposite(doc.RootElement.GetProperty("aggregations").GetProperty("my_buckets"), groupBy);
        rows.Sort(SymptomAggregations.CompareRows);

        Assert.Equal(4, rows.Count);
        Assert.Equal(["1494288000000", "mad max"], rows[0].Keys);
        Assert.Equal(["1494201600000", "rocky"], rows[1].Keys);
    }

    [Fact]
    public void TermsBuckets_RecordedTermsAggregation_KeysAndCounts()
    {
        using var doc = WireExamples.Json("search_aggs_terms_filter_path.json");

        var buckets = StateIndex.TermsBuckets(doc.RootElement.GetProperty("aggregations").GetProperty("genres"));

        Assert.Equal([("electronic", 6L), ("rock", 3L), ("jazz", 2L)], buckets.Select(b => (b.Key, b.Count)));
    }

    [Fact]
    public void TermsBuckets_RecordedDateHistogram_EpochMillisecondKeys()
    {
        using var doc = WireExamples.Json("search_aggs_date_histogram_aggregations_only.json");

        var buckets = StateIndex.TermsBuckets(doc.RootElement.GetProperty("aggregations").GetProperty("sales_over_time"));

        Assert.Equal(3, buckets.Count);
        Assert.Equal(new DateTimeOffset(2015, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), buckets[1].Key);
        Assert.Equal(7, buckets.Sum(b => b.Count));
    }

    [Fact]
    public void Hits_RecordedSearch_OneHitWithSource()
    {
        using var doc = WireExamples.Json("search_hits_basic.json");

        var hit = Assert.Single(SymptomSearch.Hits(doc.RootElement));

        Assert.Equal("GET /search HTTP/1.1 200 1070000", hit.GetProperty("_source").GetProperty("message").GetString());
    }

    [Fact]
    public void Hits_SearchHitsNotOurs_ReadFailsWithStoreException()
    {
        using var doc = WireExamples.Json("search_hits_basic.json");

        Assert.Throws<StoreException>(() => SymptomDocument.Read(SymptomSearch.Hits(doc.RootElement)[0].GetProperty("_source")));
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
    public void AuthorizationHeader_RecordedApiKeyEncoded_SentAsApiKeyAndNeverPrinted()
    {
        using var doc = WireExamples.Json("security_create_api_key.json");
        var encoded = doc.RootElement.GetProperty("encoded").GetString()!;
        var options = new EsConnectionOptions { Endpoint = new Uri("https://es:9200"), ApiKey = encoded };

        Assert.Equal("ApiKey " + encoded, options.AuthorizationHeader());
        Assert.DoesNotContain(encoded, options.ToString(), StringComparison.Ordinal);
        Assert.Equal("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
    }

    [Fact]
    public void InstalledVersion_TemplateListAnswer_ReadsVersionOrZero()
    {
        using var doc = WireExamples.Json("data_stream_lifecycle_get.json");

        Assert.Equal(0, EsTemplates.InstalledVersion(doc.RootElement, "index_templates", "index_template"));
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
}
