using System.Globalization;
using System.Text.RegularExpressions;
using Triage.Rules;
using Triage.Rules.Loading;
using Triage.Symptoms;

namespace Triage.Alerts.Rules;

/// <summary>Reads one alert rule file (bounded YAML through <see cref="YamlTreeReader"/>); every mistake is a <see cref="RuleLoadException"/> naming the line.</summary>
internal static partial class AlertRuleParser
{
    private const int MaxDepth = 12;
    private const int MaxNodes = 50_000;

    private static readonly string[] FileKeys = ["alerts", "route"];
    private static readonly string[] RuleKeys = ["name", "symptoms", "hypothesis", "severity", "summary", "labels", "resolve_after", "tests"];
    private static readonly string[] SymptomKeys = ["kinds", "min_severity", "attrs", "group_by", "min_count", "min_hosts", "min_ranks", "window", "include_collateral", "new_only"];
    private static readonly string[] GroupFields = ["kind", "signature", "host", "gpu", "rank", "category"];

    public static (IReadOnlyList<AlertRule> Rules, AlertRoute? Route) Parse(string path, string text)
    {
        YamlNode? root;
        try
        {
            root = YamlTreeReader.Read(text, MaxDepth, MaxNodes);
        }
        catch (YamlReadException ex)
        {
            throw new RuleLoadException(path, ex.Line, ex.Column, null, ex.Detail, ex);
        }

        if (root is null)
        {
            return ([], null);
        }

        var file = new Reader(path, null);
        file.Keys(root, FileKeys);
        var rules = new List<AlertRule>();
        if (root["alerts"] is { } list)
        {
            foreach (var item in file.Items(list, "alerts"))
            {
                rules.Add(ParseRule(path, item));
            }
        }

        AlertRoute? route = null;
        if (root["route"] is { } r)
        {
            file.Keys(r, ["group_by", "repeat_interval"]);
            route = new AlertRoute
            {
                GroupBy = r["group_by"] is { } g ? file.Strings(g, "group_by").Select(l => file.LabelName(g, l)).ToList() : new AlertRoute().GroupBy,
                RepeatInterval = r["repeat_interval"] is { } ri ? file.Duration(ri, "repeat_interval") : new AlertRoute().RepeatInterval,
            };
        }

        return (rules, route);
    }

    private static AlertRule ParseRule(string path, YamlNode node)
    {
        var name = node.ScalarOf("name");
        var read = new Reader(path, name);
        if (name is null || !LabelValue().IsMatch(name))
        {
            throw read.Error(node, "an alert rule needs a name of letters, digits and _ (it becomes the alertname label)");
        }

        read.Keys(node, RuleKeys);
        var symptoms = node["symptoms"];
        var hypothesis = node["hypothesis"];
        if ((symptoms is null) == (hypothesis is null))
        {
            throw read.Error(node, "an alert rule has exactly one of 'symptoms:' or 'hypothesis:'");
        }

        var severity = node.ScalarOf("severity") ?? "warning";
        if (severity is not ("critical" or "warning" or "info"))
        {
            throw read.Error(node["severity"]!, "severity is critical, warning or info");
        }

        var rule = new AlertRule
        {
            Name = name,
            Source = path,
            Severity = severity,
            Summary = node.ScalarOf("summary") ?? string.Empty,
            Labels = node["labels"] is { } labels ? read.Labels(labels) : new Dictionary<string, string>(),
            ResolveAfter = node["resolve_after"] is { } ra ? read.Duration(ra, "resolve_after") : TimeSpan.FromHours(1),
            Symptoms = symptoms is null ? null : ParseSymptoms(read, symptoms),
            Hypothesis = hypothesis is null ? null : ParseHypothesis(read, hypothesis),
        };
        return rule with { Tests = node["tests"] is { } tests ? AlertRuleTestParser.Parse(read, tests) : [] };
    }

    private static SymptomMatch ParseSymptoms(Reader read, YamlNode node)
    {
        read.Keys(node, SymptomKeys);
        var g = node["group_by"];
        var groupBy = g is null ? ["kind"] : read.Strings(g, "group_by");
        foreach (var field in groupBy)
        {
            if (!GroupFields.Contains(field) && !(field.StartsWith("attrs.", StringComparison.Ordinal) && field.Length > 6))
            {
                throw read.Error(g!, $"group_by field '{field}' is not one of {string.Join(", ", GroupFields)} or attrs.NAME");
            }
        }

        var minSeverity = Severity.Error;
        if (node.ScalarOf("min_severity") is { } sev && !Names.TryParseSeverity(sev, out minSeverity))
        {
            throw read.Error(node["min_severity"]!, $"unknown severity '{sev}'");
        }

        var attrs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (node["attrs"] is { } a)
        {
            read.Expect(a, YamlNodeKind.Mapping, "attrs");
            foreach (var (k, v) in a.Entries)
            {
                attrs[k.Value] = v.Kind == YamlNodeKind.Sequence ? read.Strings(v, "attrs." + k.Value) : [read.Scalar(v, "attrs." + k.Value)];
            }
        }

        return new SymptomMatch
        {
            Kinds = node["kinds"] is { } kinds ? read.Strings(kinds, "kinds") : [],
            MinSeverity = minSeverity,
            Attrs = attrs,
            GroupBy = groupBy,
            MinCount = read.Int(node, "min_count", 1),
            MinHosts = read.Int(node, "min_hosts", 0),
            MinRanks = read.Int(node, "min_ranks", 0),
            Window = node["window"] is { } w ? read.Duration(w, "window") : TimeSpan.FromHours(1),
            IncludeCollateral = read.Bool(node, "include_collateral"),
            NewOnly = read.Bool(node, "new_only"),
        };
    }

    private static HypothesisMatch ParseHypothesis(Reader read, YamlNode node)
    {
        read.Keys(node, ["min_score", "max_rank"]);
        var score = 0.5;
        if (node.ScalarOf("min_score") is { } s && (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out score) || score is < 0 or > 1))
        {
            throw read.Error(node["min_score"]!, "min_score is a number from 0 to 1");
        }

        return new HypothesisMatch { MinScore = score, MaxRank = Math.Max(1, read.Int(node, "max_rank", 1)) };
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    internal static partial Regex LabelValue();
}
