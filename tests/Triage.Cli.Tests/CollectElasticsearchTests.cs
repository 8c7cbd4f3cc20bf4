using Triage.Cli.Tests.Support;
using Triage.Storage.Elasticsearch.Tests.Support;
using Triage.Testing;

namespace Triage.Cli.Tests;

/// <summary>
/// <c>triage collect</c> into an Elasticsearch-speaking stand-in on 127.0.0.1 that answers as an
/// 8.x or a 9.x node (and refuses compatibility headers as those nodes do), through the official client.
/// </summary>
public sealed class CollectElasticsearchTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public async Task Collect_IntoStandInOfVersion_StoresEverySymptomOnceWithBulkCreateAndRetriesAnItem429(int major)
    {
        // The first bulk's first item is pushed back with the recorded write-queue 429.
        using var cluster = new FakeCluster { Major = major, ItemStatus = (n, i) => n == 0 && i == 0 ? 429 : 0 };
        var store = "es:" + cluster.Nodes()[0].Uri.AbsoluteUri.TrimEnd('/');
        var sample = _cli.CopySample("gpu-fell-off-bus");

        var (code, output, error) = await _cli.RunAsync("collect", sample, "--store", store);
        var created = cluster.Created;
        var bulks = cluster.BulkRequests;
        var (againCode, again, againError) = await _cli.RunAsync("collect", sample, "--store", store);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Approvals.Verify("collect-sample", _cli.Scrub(output)); // the same report as the embedded store gives
        var match = System.Text.RegularExpressions.Regex.Match(output, @"(\d+) symptoms \(\1 new\)");
        Assert.True(match.Success, output);
        var symptoms = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(symptoms, cluster.Stored.Count);
        Assert.Equal(symptoms, created); // each symptom created once, the 429'd one included
        Assert.True(bulks >= 2, "the item-level 429 was not sent again");
        Assert.All(cluster.Actions, a => Assert.Equal("create", a));
        Assert.Empty(cluster.RefusedHeaders);
        Assert.Empty(cluster.Faults);
        Assert.Equal("", againError);
        Assert.Equal(0, againCode);
        Assert.Contains("0 symptoms (0 new)", again, StringComparison.Ordinal);
        Assert.Equal(symptoms, cluster.Created); // the second collect stored nothing twice
    }
}
