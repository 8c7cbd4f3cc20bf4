using System.Text;
using System.Text.Json;
using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Storage.Embedded.Tests;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch.Tests;

/// <summary>The request bodies against the shapes Elasticsearch documents (bool/term/range, composite, PIT + search_after, _bulk NDJSON).</summary>
public sealed class RequestShapeTests
{
    private static string Json(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(EsClient.Json(write));

    [Fact]
    public void WriteBool_FullFilter_IsABoolFilterOfTermsRangeAndWildcard()
    {
        var filter = new SymptomFilter
        {
            Run = "run-a",
            From = new DateTimeOffset(2026, 5, 2, 3, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 5, 2, 4, 0, 0, TimeSpan.Zero),
            Kinds = ["nccl.timeout"],
            Categories = [SymptomCategory.Network],
            Hosts = ["node-001", "node-002"],
            Ranks = [3],
            Signatures = ["sig"],
            MinSeverity = Severity.Error,
            Text = "Watch*dog",
            Attrs = new Dictionary<string, string> { ["xid"] = "79" },
        };

        var json = Json(w => EsQuery.WriteBool(w, filter));

        Assert.Equal(
            """{"bool":{"filter":[{"term":{"triage.run":"run-a"}},{"range":{"triage.timestamp":{"gte":"2026-05-02T03:00:00.000Z","lt":"2026-05-02T04:00:00.000Z","format":"strict_date_optional_time"}}},""" +
            """{"terms":{"triage.kind":["nccl.timeout"]}},{"terms":{"triage.category":["network"]}},{"terms":{"host.name":["node-001","node-002"]}},{"terms":{"triage.rank":[3]}},""" +
            """{"terms":{"triage.signature":["sig"]}},{"range":{"triage.severity_level":{"gte":2}}},{"wildcard":{"message.raw":{"value":"*Watch\\*dog*","case_insensitive":true}}},""" +
            """{"term":{"triage.attrs.xid":"79"}}]}}""",
            json);
    }

    [Fact]
    public void WriteBool_All_IsAnEmptyBoolFilter() =>
        Assert.Equal("""{"bool":{"filter":[]}}""", Json(w => EsQuery.WriteBool(w, SymptomFilter.All)));

    [Theory]
    [InlineData("host", "host.name")]
    [InlineData("pid", "process.pid")]
    [InlineData("source.path", "log.file.path")]
    [InlineData("local_rank", "triage.local_rank")]
    [InlineData("attrs.data_shard", "triage.attrs.data_shard")]
    [InlineData("@timestamp:60s", "triage.timestamp")]
    public void FieldOf_ContractField_EcsOrTriageField(string field, string expected) =>
        Assert.Equal(expected, EsQuery.FieldOf(SymptomField.Parse(field)));

    [Fact]
    public void WriteBody_GroupByKindAndMinute_CompositeWithTermsAndDateHistogramSources()
    {
        var json = Json(w => SymptomAggregations.WriteBody(w, new SymptomFilter { Run = "r" }, [SymptomField.Parse("kind"), SymptomField.TimeBucket(60)], """{"k0":"a","k1":0}"""));

        Assert.Equal(
            """{"size":0,"track_total_hits":true,"query":{"bool":{"filter":[{"term":{"triage.run":"r"}}]}},"aggs":{"groups":{"composite":{"size":1000,"sources":[""" +
            """{"k0":{"terms":{"field":"triage.kind","missing_bucket":true}}},{"k1":{"date_histogram":{"field":"triage.timestamp","fixed_interval":"60s","missing_bucket":true}}}],"after":""" +
            """{"k0":"a","k1":0}},"aggs":{"first":{"min":{"field":"triage.timestamp"}},"last":{"max":{"field":"triage.timestamp"}}}}}}""",
            json);
    }

    [Fact]
    public void WritePageBody_WithPitAndSearchAfter_SortsTimelessFirstThenById()
    {
        var search = new SymptomSearch(null!, new EsLayout("default"));

        var json = Json(w => search.WritePageBody(w, SymptomFilter.All, 101, "PIT", """[-9223372036854775808,"id",5]"""));

        Assert.Equal(
            """{"size":101,"track_total_hits":false,"query":{"bool":{"filter":[]}},"sort":[{"triage.timestamp":{"order":"asc","missing":"_first"}},{"triage.id":"asc"}],"pit":""" +
            """{"id":"PIT","keep_alive":"5m"},"search_after":[-9223372036854775808,"id",5]}""",
            json);
    }

    [Fact]
    public void WriteTallyBody_Run_TermsByHypothesisWithUpAndDownFilters() =>
        Assert.Equal(
            """{"size":0,"query":{"bool":{"filter":[{"term":{"run":"r"}}]}},"aggs":{"by_hypothesis":{"terms":{"field":"hypothesis","size":10000},"aggs":""" +
            """{"up":{"filter":{"term":{"vote":1}}},"down":{"filter":{"term":{"vote":-1}}}}}}}""",
            Json(w => VoteDocuments.WriteTallyBody(w, "r")));

    [Fact]
    public void Serialize_Symptom_EcsSourceDocument()
    {
        var symptom = TestSymptoms.Make(5);

        using var doc = JsonDocument.Parse(BulkIngester.Serialize(symptom, FakeStore.Now));
        var s = doc.RootElement;
        Assert.Equal("2026-05-02T03:14:12.005Z", s.GetProperty("@timestamp").GetString());
        Assert.Equal(symptom.Message, s.GetProperty("message").GetString());
        Assert.Equal("node-000", s.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal(4005, s.GetProperty("process").GetProperty("pid").GetInt32());
        Assert.Equal("event", s.GetProperty("event").GetProperty("kind").GetString());
        Assert.Equal("logs/node-000.log", s.GetProperty("log").GetProperty("file").GetProperty("path").GetString());
        Assert.Equal(500, s.GetProperty("log").GetProperty("offset").GetInt64());
        Assert.Equal("run-a", s.GetProperty("labels").GetProperty("triage_run").GetString());
        Assert.Equal("web-0002", s.GetProperty("triage").GetProperty("attrs").GetProperty("data_shard").GetString());
        Assert.Equal(symptom, SymptomDocument.Read(s) with { Attrs = symptom.Attrs });
        Assert.Equal(symptom.Attrs, SymptomDocument.Read(s).Attrs);
    }

    [Fact]
    public void Write_TimelessSymptom_TimestampIsIngestTimeAndReadBackAsNull()
    {
        var symptom = TestSymptoms.Make(10);
        Assert.Null(symptom.Timestamp);

        using var doc = JsonDocument.Parse(Json(w => SymptomDocument.Write(w, symptom, FakeStore.Now)));

        Assert.Equal("2026-05-02T03:00:00.000Z", doc.RootElement.GetProperty("@timestamp").GetString());
        Assert.False(doc.RootElement.GetProperty("triage").TryGetProperty("timestamp", out _));
        Assert.Null(SymptomDocument.Read(doc.RootElement).Timestamp);
    }

    [Fact]
    public void WriteEventsComponent_Mapping_EcsFieldsAndFlattenedAttrsAndVersion()
    {
        using var doc = JsonDocument.Parse(Json(EsMappings.WriteEventsComponent));
        var root = doc.RootElement;
        var properties = root.GetProperty("template").GetProperty("mappings").GetProperty("properties");

        Assert.Equal(EsLayout.TemplateVersion, root.GetProperty("version").GetInt32());
        Assert.Equal("date", properties.GetProperty("@timestamp").GetProperty("type").GetString());
        Assert.Equal("match_only_text", properties.GetProperty("message").GetProperty("type").GetString());
        Assert.Equal("keyword", properties.GetProperty("host").GetProperty("properties").GetProperty("name").GetProperty("type").GetString());
        Assert.Equal("flattened", properties.GetProperty("triage").GetProperty("properties").GetProperty("attrs").GetProperty("type").GetString());
        Assert.Equal("long", properties.GetProperty("log").GetProperty("properties").GetProperty("offset").GetProperty("type").GetString());
    }

    [Fact]
    public void WriteEventsIndexTemplate_DataStreamOverPattern()
    {
        using var doc = JsonDocument.Parse(Json(EsMappings.WriteEventsIndexTemplate));

        Assert.Equal("triage-events-*", doc.RootElement.GetProperty("index_patterns")[0].GetString());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("data_stream").ValueKind);
        Assert.Equal("triage-events-mappings", doc.RootElement.GetProperty("composed_of")[0].GetString());
    }

    [Fact]
    public void WriteStateIndexTemplate_Votes_KeywordKeysAndByteVote()
    {
        using var doc = JsonDocument.Parse(Json(w => EsMappings.WriteStateIndexTemplate(w, "votes")));
        var properties = doc.RootElement.GetProperty("template").GetProperty("mappings").GetProperty("properties");

        Assert.Equal("triage-votes-*", doc.RootElement.GetProperty("index_patterns")[0].GetString());
        Assert.Equal("keyword", properties.GetProperty("voter").GetProperty("type").GetString());
        Assert.Equal("byte", properties.GetProperty("vote").GetProperty("type").GetString());
    }

    [Fact]
    public async Task OpenAsync_FreshCluster_InstallsTemplatesCreatesDataStreamAndAliases()
    {
        var cluster = new FakeCluster();

        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;

        Assert.Equal("GET /", cluster.Requests[0]);
        Assert.Contains("PUT /_component_template/triage-events-mappings", cluster.Requests);
        Assert.Contains("PUT /_index_template/triage-events", cluster.Requests);
        Assert.Contains("PUT /_index_template/triage-votes", cluster.Requests);
        Assert.Contains("PUT /triage-votes-default-000001", cluster.Requests);
        Assert.Equal("8.12.1", store.Cluster.Version);
    }

    [Fact]
    public async Task OpenAsync_TemplatesAlreadyNewer_LeavesThemAlone()
    {
        var cluster = new FakeCluster
        {
            Script = (request, _) => request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("_template/", StringComparison.Ordinal)
                ? FakeCluster.Respond(System.Net.HttpStatusCode.OK, Encoding.UTF8.GetBytes(
                    """{"index_templates":[{"index_template":{"version":99}}],"component_templates":[{"component_template":{"version":99}}]}"""))
                : null,
        };

        var (store, _) = await FakeStore.OpenAsync(cluster);
        await using var _ = store;

        Assert.DoesNotContain(cluster.Requests, r => r.StartsWith("PUT /_index_template/", StringComparison.Ordinal) || r.StartsWith("PUT /_component_template/", StringComparison.Ordinal));
    }

    [Fact]
    public void FromSpec_UrlAndEnvironment_ReadsNamespaceAndSecretFileWithoutPrintingIt()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret-password\n");
            var env = new Dictionary<string, string> { ["TRIAGE_ES_USERNAME"] = "triage", ["TRIAGE_ES_PASSWORD_FILE"] = file };

            var options = EsConnectionOptions.FromSpec("https://es.example:9200?namespace=prod", env.GetValueOrDefault, insecure: false);

            Assert.Equal("prod", options.Namespace);
            Assert.Equal([new Uri("https://es.example:9200/")], options.Nodes);
            var basic = Assert.IsType<Elastic.Transport.BasicAuthentication>(options.Authentication());
            Assert.True(basic.TryGetAuthorizationParameters(out var parameter));
            Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("triage:s3cret-password")), parameter);
            Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
            Assert.False(options.Insecure);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("ftp://es:9200")]
    [InlineData("https://user:pw@es:9200")]
    [InlineData("https://es:9200?namespace=Bad-Name")]
    public void FromSpec_BadUrl_StoreExceptionWithoutTheSecret(string url)
    {
        var error = Assert.Throws<StoreException>(() => EsConnectionOptions.FromSpec(url, _ => null, insecure: false));

        Assert.DoesNotContain("pw@", error.Message, StringComparison.Ordinal);
    }
}
