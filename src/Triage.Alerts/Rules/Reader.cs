using System.Globalization;
using Triage.Rules;
using Triage.Rules.Loading;

namespace Triage.Alerts.Rules;

/// <summary>Typed reads of an alert rule file's nodes; every mistake names the file, line and rule.</summary>
internal sealed class Reader(string path, string? rule)
{
    public RuleLoadException Error(YamlNode node, string detail) => new(path, node.Line, node.Column, rule, detail);

    public void Keys(YamlNode node, IReadOnlyList<string> allowed)
    {
        Expect(node, YamlNodeKind.Mapping, "this block");
        foreach (var (key, _) in node.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                throw Error(key, $"unknown key '{key.Value}' (known: {string.Join(", ", allowed)})");
            }
        }
    }

    public void Expect(YamlNode node, YamlNodeKind kind, string what)
    {
        if (node.Kind != kind)
        {
            throw Error(node, $"{what} must be a {kind.ToString().ToLowerInvariant()}");
        }
    }

    public IEnumerable<YamlNode> Items(YamlNode node, string what)
    {
        Expect(node, YamlNodeKind.Sequence, what);
        return node.Items;
    }

    public string Scalar(YamlNode node, string what)
    {
        Expect(node, YamlNodeKind.Scalar, what);
        return node.Value;
    }

    public IReadOnlyList<string> Strings(YamlNode node, string what) =>
        node.Kind == YamlNodeKind.Scalar ? [node.Value] : Items(node, what).Select(i => Scalar(i, what)).ToList();

    public string LabelName(YamlNode node, string name) =>
        AlertRuleParser.LabelValue().IsMatch(name) ? name : throw Error(node, $"'{name}' is not a label name (letters, digits and _)");

    public Dictionary<string, string> Labels(YamlNode node)
    {
        Expect(node, YamlNodeKind.Mapping, "labels");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in node.Entries)
        {
            var value = Scalar(v, "labels." + k.Value);
            if (value.Length == 0)
            {
                throw Error(v, $"label '{k.Value}' needs a value");
            }

            result[LabelName(k, k.Value)] = value;
        }

        return result;
    }

    public TimeSpan Duration(YamlNode node, string what) =>
        Durations.TryParse(node.Kind == YamlNodeKind.Scalar ? node.Value : null, out var d) ? d : throw Error(node, $"{what} is a duration such as 30s, 10m, 2h");

    public int Int(YamlNode parent, string key, int fallback)
    {
        if (parent[key] is not { } node)
        {
            return fallback;
        }

        return node.Kind == YamlNodeKind.Scalar && int.TryParse(node.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1_000_000
            ? n
            : throw Error(node, $"{key} is a whole number from 0 to 1000000");
    }

    public bool Bool(YamlNode parent, string key) => parent[key] switch
    {
        null => false,
        { Kind: YamlNodeKind.Scalar, Value: "true" } => true,
        { Kind: YamlNodeKind.Scalar, Value: "false" } => false,
        var other => throw Error(other, $"{key} is true or false"),
    };
}
