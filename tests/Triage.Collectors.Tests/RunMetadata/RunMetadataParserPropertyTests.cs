using System.Text;
using FsCheck.Xunit;
using Triage.Collectors.Json;
using Triage.Collectors.RunMetadata;
using Triage.Rules.Loading;
using Triage.Runs;

namespace Triage.Collectors.Tests.RunMetadata;

public sealed class RunMetadataParserPropertyTests
{
    [Property(MaxTest = 1000)]
    public void ManifestLineParser_ArbitraryBytes_NeverThrows(byte[] bytes)
    {
        new ManifestLineParser().TryParse(bytes, out _);
        JsonLinesSniffer.Classify(bytes, complete: true, maxLines: 20);
    }

    [Property(MaxTest = 1000)]
    public void ManifestLineParser_ArbitraryStringValues_RoundTrip(string key, string value, int rank, long step)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?> { ["rank"] = rank, ["step"] = step, ["k" + key] = value });

        var parsed = new ManifestLineParser().TryParse(Encoding.UTF8.GetBytes(json), out var row);

        Assert.Equal(rank >= 0, parsed);
        if (parsed && value is not null && JsonLineFields.NonFinite(Encoding.UTF8.GetBytes(value)) is null)
        {
            Assert.Equal(value, row["k" + key]);
        }
    }

    [Property(MaxTest = 1000)]
    public void SmallParsers_ArbitraryText_NeverThrow(string text)
    {
        PciBusId.TryGetKey(text, out _);
        SlurmHostList.TryExpand(text ?? string.Empty, out _);
        JsonLineFields.QuoteBareNonFinite(Encoding.UTF8.GetBytes(text ?? string.Empty));
    }

    [Property(MaxTest = 500)]
    public void SlurmTopology_ArbitraryText_NeverThrows(string text)
    {
        var problems = new List<RunInputProblem>();
        if (SlurmTopology.IsConf(text ?? string.Empty))
        {
            SlurmTopology.ParseConf(text ?? string.Empty, "topology.conf", problems);
        }
    }

    [Property(MaxTest = 500)]
    public void TopologyParsers_ArbitraryYaml_NeverThrow(string text)
    {
        YamlNode? root;
        try
        {
            root = YamlTreeReader.Read(text ?? string.Empty, 32, 10_000);
        }
        catch (YamlReadException)
        {
            return; // the documented failure
        }

        var problems = new List<RunInputProblem>();
        TopologyParser.TryParse(root, namedTopology: true, "topology.yaml", problems);
        SlurmTopology.TryParseYaml(root, "topology.yaml", problems);
        if (RunFactsParser.IsRunFacts(root))
        {
            RunFactsParser.Parse(root!, "run.yaml", problems);
        }
    }
}
