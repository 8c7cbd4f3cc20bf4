using System.Globalization;
using Triage.Rules.Loading;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Reads <see cref="RunFacts"/> from a YAML tree: a top-level mapping with <c>world_size</c>,
/// <c>attempts</c>, or <c>run</c> and <c>job_id</c>. Unusable parts are reported and left out.
/// </summary>
internal static class RunFactsParser
{
    private static readonly HashSet<string> Structured = new(StringComparer.Ordinal) { "nodes", "parallel", "attempts", "versions" };

    /// <summary>Whether <paramref name="root"/> looks like run facts.</summary>
    public static bool IsRunFacts(YamlNode? root) =>
        root is { Kind: YamlNodeKind.Mapping } mapping
        && (mapping["world_size"] is not null || mapping["attempts"] is { Kind: YamlNodeKind.Sequence } || (mapping["run"] is not null && mapping["job_id"] is not null));

    /// <summary>The facts of a document that <see cref="IsRunFacts"/> accepted.</summary>
    public static RunFacts Parse(YamlNode root, string path, List<RunInputProblem> problems)
    {
        var mapping = root;
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (value.Kind == YamlNodeKind.Scalar && key.Value.Length > 0 && !Structured.Contains(key.Value))
            {
                facts[key.Value] = value.Value;
            }
        }

        if (mapping["versions"] is { Kind: YamlNodeKind.Mapping } versions)
        {
            AddScalars(versions, facts, except: null);
        }

        return new RunFacts(
            facts,
            Integer(mapping, "world_size", path, problems),
            Integer(mapping, "ranks_per_node", path, problems),
            Nodes(mapping["nodes"], path, problems),
            Parallel(mapping["parallel"]),
            Attempts(mapping["attempts"], path, problems))
        {
            Source = path,
        };
    }

    private static int? Integer(YamlNode mapping, string key, string path, List<RunInputProblem> problems)
    {
        if (mapping[key] is not { } node)
        {
            return null;
        }

        if (node.Kind == YamlNodeKind.Scalar && int.TryParse(node.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        problems.Add(new RunInputProblem(path, Invariant($"line {node.Line}: {key} is not a positive integer")));
        return null;
    }

    private static List<string> Nodes(YamlNode? node, string path, List<RunInputProblem> problems)
    {
        switch (node?.Kind)
        {
            case YamlNodeKind.Sequence:
                return node.Items.Where(s => s.Kind == YamlNodeKind.Scalar).Select(s => s.Value.Trim()).Where(s => s.Length > 0).ToList();
            case YamlNodeKind.Scalar when SlurmHostList.TryExpand(node.Value, out var hosts):
                return hosts;
            case null:
                return [];
            default:
                problems.Add(new RunInputProblem(path, Invariant($"line {node.Line}: nodes is neither a list nor a Slurm host list")));
                return [];
        }
    }

    private static Dictionary<string, int> Parallel(YamlNode? node)
    {
        var parallel = new Dictionary<string, int>(StringComparer.Ordinal);
        if (node is { Kind: YamlNodeKind.Mapping } mapping)
        {
            foreach (var (key, value) in mapping.Entries)
            {
                if (value.Kind == YamlNodeKind.Scalar && int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                {
                    parallel[key.Value] = size;
                }
            }
        }

        return parallel;
    }

    private static List<RunAttempt> Attempts(YamlNode? node, string path, List<RunInputProblem> problems)
    {
        var attempts = new List<RunAttempt>();
        if (node is not { Kind: YamlNodeKind.Sequence } sequence)
        {
            return attempts;
        }

        foreach (var item in sequence.Items)
        {
            if (item.Kind != YamlNodeKind.Mapping || !TryTime(item.ScalarOf("start"), out var start))
            {
                problems.Add(new RunInputProblem(path, Invariant($"line {item.Line}: an attempt without a valid start time was skipped")));
                continue;
            }

            DateTimeOffset? end = TryTime(item.ScalarOf("end"), out var e) ? e : null;
            var versions = new Dictionary<string, string>(StringComparer.Ordinal);
            AddScalars(item, versions, except: ["start", "end"]);
            if (item["versions"] is { Kind: YamlNodeKind.Mapping } nested)
            {
                AddScalars(nested, versions, except: null);
            }

            attempts.Add(new RunAttempt(attempts.Count, start, end, versions));
        }

        return attempts;
    }

    private static void AddScalars(YamlNode mapping, Dictionary<string, string> into, string[]? except)
    {
        foreach (var (key, value) in mapping.Entries)
        {
            if (value.Kind == YamlNodeKind.Scalar && key.Value.Length > 0 && (except is null || !except.Contains(key.Value)))
            {
                into[key.Value] = value.Value;
            }
        }
    }

    /// <summary>Parses an ISO-8601 time; a time without an offset is taken as UTC.</summary>
    internal static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
