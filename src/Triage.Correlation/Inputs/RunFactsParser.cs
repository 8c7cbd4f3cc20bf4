using System.Globalization;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Reads <see cref="RunFacts"/> from a YAML tree: a top-level mapping with <c>world_size</c>,
/// <c>attempts</c>, or <c>run</c> and <c>job_id</c>. Unusable parts are reported and left out.
/// </summary>
internal static class RunFactsParser
{
    private static readonly HashSet<string> Structured = new(StringComparer.Ordinal) { "nodes", "parallel", "attempts", "versions" };

    /// <summary>Whether <paramref name="root"/> looks like run facts.</summary>
    public static bool IsRunFacts(YamlNode? root) =>
        root is YamlMapping mapping
        && (mapping["world_size"] is not null || mapping["attempts"] is YamlSequence || (mapping["run"] is not null && mapping["job_id"] is not null));

    /// <summary>The facts of a document that <see cref="IsRunFacts"/> accepted.</summary>
    public static RunFacts Parse(YamlNode root, string path, List<InputProblem> problems)
    {
        var mapping = (YamlMapping)root;
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (value is YamlScalar scalar && key.Length > 0 && !Structured.Contains(key))
            {
                facts[key] = scalar.Value;
            }
        }

        if (mapping["versions"] is YamlMapping versions)
        {
            AddScalars(versions, facts, except: null);
        }

        return new RunFacts(
            facts,
            Integer(mapping, "world_size", path, problems),
            Integer(mapping, "ranks_per_node", path, problems),
            Nodes(mapping["nodes"], path, problems),
            Parallel(mapping["parallel"]),
            Attempts(mapping["attempts"], path, problems));
    }

    private static int? Integer(YamlMapping mapping, string key, string path, List<InputProblem> problems)
    {
        if (mapping[key] is not { } node)
        {
            return null;
        }

        if (node is YamlScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        problems.Add(new InputProblem(path, Invariant($"line {node.Line}: {key} is not a positive integer")));
        return null;
    }

    private static List<string> Nodes(YamlNode? node, string path, List<InputProblem> problems)
    {
        switch (node)
        {
            case YamlSequence sequence:
                return sequence.Items.OfType<YamlScalar>().Select(s => s.Value.Trim()).Where(s => s.Length > 0).ToList();
            case YamlScalar scalar when SlurmHostList.TryExpand(scalar.Value, out var hosts):
                return hosts;
            case null:
                return [];
            default:
                problems.Add(new InputProblem(path, Invariant($"line {node.Line}: nodes is neither a list nor a Slurm host list")));
                return [];
        }
    }

    private static Dictionary<string, int> Parallel(YamlNode? node)
    {
        var parallel = new Dictionary<string, int>(StringComparer.Ordinal);
        if (node is YamlMapping mapping)
        {
            foreach (var (key, value) in mapping.Entries)
            {
                if (value is YamlScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                {
                    parallel[key] = size;
                }
            }
        }

        return parallel;
    }

    private static List<RunAttempt> Attempts(YamlNode? node, string path, List<InputProblem> problems)
    {
        var attempts = new List<RunAttempt>();
        if (node is not YamlSequence sequence)
        {
            return attempts;
        }

        foreach (var item in sequence.Items)
        {
            if (item is not YamlMapping attempt || !TryTime(attempt.Scalar("start"), out var start))
            {
                problems.Add(new InputProblem(path, Invariant($"line {item.Line}: an attempt without a valid start time was skipped")));
                continue;
            }

            DateTimeOffset? end = TryTime(attempt.Scalar("end"), out var e) ? e : null;
            var versions = new Dictionary<string, string>(StringComparer.Ordinal);
            AddScalars(attempt, versions, except: ["start", "end"]);
            if (attempt["versions"] is YamlMapping nested)
            {
                AddScalars(nested, versions, except: null);
            }

            attempts.Add(new RunAttempt(attempts.Count, start, end, versions));
        }

        return attempts;
    }

    private static void AddScalars(YamlMapping mapping, Dictionary<string, string> into, string[]? except)
    {
        foreach (var (key, value) in mapping.Entries)
        {
            if (value is YamlScalar scalar && key.Length > 0 && (except is null || !except.Contains(key)))
            {
                into[key] = scalar.Value;
            }
        }
    }

    /// <summary>Parses an ISO-8601 time; a time without an offset is taken as UTC.</summary>
    internal static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
