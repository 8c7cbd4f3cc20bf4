namespace Triage.Runs;

/// <summary>
/// What is known about a run as a whole: name, job, layout, library versions and attempts, from a run
/// facts file (<c>run.yaml</c>, our own format) and/or from the run's own logs (NCCL communicators,
/// torchelastic restarts, version lines; the engine's <c>LoggedRunFacts</c>, where the logs win).
/// Immutable and safe to share between threads.
/// </summary>
public sealed class RunFacts
{
    /// <summary>Creates run facts; <paramref name="attempts"/> are sorted by start and re-indexed.</summary>
    public RunFacts(
        IReadOnlyDictionary<string, string> facts,
        int? worldSize,
        int? ranksPerNode,
        IReadOnlyList<string> nodes,
        IReadOnlyDictionary<string, int> parallel,
        IEnumerable<RunAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentNullException.ThrowIfNull(attempts);
        Facts = facts;
        WorldSize = worldSize;
        Nodes = nodes;
        Parallel = parallel;
        RanksPerNode = ranksPerNode
            ?? (worldSize is > 0 && nodes.Count > 0 && worldSize % nodes.Count == 0 ? worldSize / nodes.Count : null);
        var sorted = attempts.OrderBy(a => a.Start).ToList();
        Attempts = sorted
            .Select((a, i) => a with { Index = i, End = a.End ?? (i + 1 < sorted.Count ? sorted[i + 1].Start : null) })
            .ToList();
    }

    /// <summary>Where the facts come from: the run facts file (path relative to the run directory), or <c>the logs</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The same facts, said to come from <paramref name="source"/>.</summary>
    public RunFacts WithSource(string? source) => new(Facts, WorldSize, RanksPerNode, Nodes, Parallel, Attempts) { Source = source };

    /// <summary>Top-level scalars and top-level <c>versions</c> entries, keys and values exactly as written.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; }

    /// <summary><c>world_size</c>, when given.</summary>
    public int? WorldSize { get; }

    /// <summary><c>ranks_per_node</c>; derived as world_size / nodes when not given and that divides evenly.</summary>
    public int? RanksPerNode { get; }

    /// <summary><c>nodes</c> in order (a list, or a Slurm host list such as <c>node-[001-064]</c>); rank r runs on nodes[r / ranks_per_node].</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The parallel layout (<c>parallel: { tp: 8, pp: 2, dp: 4 }</c>); empty when not given.</summary>
    public IReadOnlyDictionary<string, int> Parallel { get; }

    /// <summary>The attempts sorted by start; each ends where the next starts.</summary>
    public IReadOnlyList<RunAttempt> Attempts { get; }

    /// <summary>The host rank <paramref name="rank"/> runs on, or null when nodes/ranks_per_node do not say.</summary>
    public string? HostOfRank(int rank)
    {
        if (rank < 0 || RanksPerNode is not > 0 || (WorldSize is { } world && rank >= world))
        {
            return null;
        }

        var node = rank / RanksPerNode.Value;
        return node < Nodes.Count ? Nodes[node] : null;
    }

    /// <summary>The attempt whose [start, end) contains <paramref name="time"/>, or null (before the first, after an explicit end).</summary>
    public RunAttempt? AttemptAt(DateTimeOffset time)
    {
        for (var i = Attempts.Count - 1; i >= 0; i--)
        {
            var attempt = Attempts[i];
            if (attempt.Start <= time)
            {
                return attempt.End is { } end && time >= end ? null : attempt;
            }
        }

        return null;
    }
}
