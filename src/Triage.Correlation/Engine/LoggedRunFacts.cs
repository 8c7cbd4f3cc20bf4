using System.Globalization;
using Triage.Hypotheses;
using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// What the logs observed about the run, set against what a metadata file assumes (docs/architecture.md §2,
/// "Run facts from the logs"). The observations are the run's <c>meta.*</c> facts:
/// <list type="bullet">
/// <item>World size: the largest <c>nranks</c> of NCCL's <c>Init COMPLETE</c> lines (the world communicator).</item>
/// <item>Where each rank ran: host of the world communicator's placement lines.</item>
/// <item>Attempts: torchelastic's <c>restart_count=N</c> (<c>meta.attempt</c>) and <c>attempt_N/</c> log
/// directories (attr <c>attempt</c>), each starting at its earliest observation; without either, NCCL
/// re-initialising the world communicator in new processes (one process block per attempt on most ranks).</item>
/// <item>Versions: <c>meta.version</c> (NCCL, torch, driver) in the attempt they were printed in; an attempt
/// that printed none keeps the previous attempt's.</item>
/// </list>
/// Without run facts these become the run facts. With them, the logs win wherever the two disagree, and
/// each disagreement is a <see cref="RunInputProblem"/> (shown by <c>analyze</c> as a note).
/// Also makes NCCL's device index trustworthy (<see cref="DeviceIndexes"/>).
/// </summary>
internal static class LoggedRunFacts
{
    /// <summary>Share of ranks that must show the same number of NCCL process blocks to read attempts from them.</summary>
    private const double ReinitQuorum = 0.5;

    /// <summary>The run's inputs with the logs' facts applied, and the disagreements found.</summary>
    public static (RunInputs Inputs, IReadOnlyList<RunInputProblem> Problems) Apply(RunInputs inputs, List<Symptom> facts, List<Symptom> symptoms)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        DeviceIndexes.Fix(facts, symptoms, inputs.Topology);
        var placements = facts.Where(f => f.Kind == "meta.placement").ToList();
        var world = placements.Select(ProcessBlocks.Nranks).Where(n => n is not null).DefaultIfEmpty(null).Max();
        var worldPlacements = placements.Where(p => p.Rank is not null && (ProcessBlocks.Nranks(p) is null || ProcessBlocks.Nranks(p) == world)).ToList();
        FillRanks(symptoms, worldPlacements);
        var (attempts, launcherStated) = Attempts(facts, symptoms, worldPlacements);
        // A file's process blocks, for files that hold one rank's processes only.
        var blocksOfFile = ProcessBlocks.Of(worldPlacements).GroupBy(kv => kv.Key.Path, StringComparer.Ordinal)
            .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Value, StringComparer.Ordinal);
        var versions = facts.Where(f => f.Kind == "meta.version" && f.Attrs.ContainsKey("component") && f.Attrs.ContainsKey("version"))
            .Select(f => f.Timestamp is null ? InAttempt(f, blocksOfFile, attempts) : f)
            .Where(f => f.Timestamp is not null)
            .ToList();
        var problems = new List<RunInputProblem>();
        var given = inputs.Facts;
        if (given is null)
        {
            if (world is null && attempts.Count == 0 && versions.Count == 0)
            {
                return (inputs, problems);
            }

            var runVersions = versions.Count > 0 && attempts.Count == 0
                ? MostCommon(versions).ToDictionary(kv => KeyFor([], kv.Key), kv => kv.Value, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var logged = new RunFacts(runVersions, world, null, [], new Dictionary<string, int>(), WithVersions(attempts, versions, []))
            {
                Source = "the logs",
            };
            return (inputs with { Facts = logged }, problems);
        }

        var source = given.Source ?? "run facts";
        var worldSize = given.WorldSize;
        if (world is { } observed && worldSize is { } stated && observed != stated)
        {
            problems.Add(new RunInputProblem(source, Invariant($"world_size is {stated}, but NCCL's world communicator has {observed} ranks in the logs; the logs' {observed} is used")));
            worldSize = observed;
        }

        var nodes = given.Nodes;
        var ranksPerNode = given.RanksPerNode;
        var disagree = worldPlacements
            .Where(p => p.Host is not null && given.HostOfRank(p.Rank!.Value) is { } assumed && !SameHost(assumed, p.Host))
            .Select(p => (Rank: p.Rank!.Value, Assumed: given.HostOfRank(p.Rank!.Value)!, Observed: p.Host!))
            .DistinctBy(d => d.Rank)
            .OrderBy(d => d.Rank)
            .ToList();
        if (disagree.Count > 0)
        {
            var first = disagree[0];
            problems.Add(new RunInputProblem(source, Invariant(
                $"nodes/ranks_per_node put rank {first.Rank} on {first.Assumed}, but NCCL placed it on {first.Observed} ({disagree.Count} ranks disagree); the logs' placement is used")));
            nodes = [];
            ranksPerNode = null;
        }

        // Restarts the launcher stated (not NCCL re-inits, which an attempt that died early lacks) overrule
        // a list that has fewer; a list with more may name attempts whose logs were not copied.
        IReadOnlyList<RunAttempt> runAttempts = given.Attempts;
        if (launcherStated && attempts.Count > given.Attempts.Count)
        {
            problems.Add(new RunInputProblem(source, Invariant(
                $"{given.Attempts.Count} attempts listed, but the logs show {attempts.Count} (restarts torchelastic or the metrics' step counter showed, or attempt_N directories); the logs' attempts are used")));
            runAttempts = WithVersions(attempts, versions, given.Attempts);
        }
        else if (versions.Count > 0)
        {
            // Only a version line with its own stamp can overrule what run metadata says of an
            // attempt: NCCL's banner has none, and a time inherited from the line before it can lie
            // in the previous attempt (a per-node file spans restarts).
            runAttempts = CorrectVersions(given.Attempts, versions.Where(v => !v.TimeInferred).ToList(), source, problems);
        }

        var corrected = new RunFacts(given.Facts, worldSize, ranksPerNode, nodes, given.Parallel, runAttempts) { Source = given.Source };
        return (inputs with { Facts = corrected, Problems = [.. inputs.Problems, .. problems] }, problems);
    }

    /// <summary>The analysis with a note per disagreement between the metadata and the logs.</summary>
    public static Analysis WithNotes(Analysis analysis, IReadOnlyList<RunInputProblem> problems) =>
        problems.Count == 0 ? analysis : analysis with
        {
            Notes = [.. analysis.Notes, .. problems.Select(p => "run metadata overruled by the logs: " + p.Path + ": " + p.Reason)],
        };

    /// <summary>
    /// The global rank of a line that did not say it, from NCCL's own statement of it: a file whose world
    /// communicator lines all name one rank is that rank's (torchelastic's per-worker <c>stderr.log</c>);
    /// else the world placement on the same host with the same local rank (and attempt). Nothing else
    /// guesses a rank. Returns how many were filled.
    /// </summary>
    internal static int FillRanks(List<Symptom> symptoms, List<Symptom> worldPlacements)
    {
        if (worldPlacements.Count == 0)
        {
            return 0;
        }

        var rankOfFile = worldPlacements
            .GroupBy(p => p.Source.Path, StringComparer.Ordinal)
            .Where(g => g.Select(p => p.Rank).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Rank!.Value, StringComparer.Ordinal);
        var rankOfLocal = worldPlacements
            .Where(p => p.Host is not null && p.LocalRank is not null)
            .GroupBy(p => (Host: Topology.ShortName(p.Host!).ToLowerInvariant(), Local: p.LocalRank!.Value, Attempt: p.Attrs.GetValueOrDefault("attempt")))
            .Where(g => g.Select(p => p.Rank).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Rank!.Value);
        var filled = 0;
        for (var i = 0; i < symptoms.Count; i++)
        {
            var s = symptoms[i];
            if (s.Rank is not null)
            {
                continue;
            }

            int? rank = rankOfFile.TryGetValue(s.Source.Path, out var byFile) ? byFile
                : s.Host is not null && s.LocalRank is { } local
                    && rankOfLocal.TryGetValue((Topology.ShortName(s.Host).ToLowerInvariant(), local, s.Attrs.GetValueOrDefault("attempt")), out var byLocal) ? byLocal
                : null;
            if (rank is not null)
            {
                symptoms[i] = s with { Rank = rank };
                filled++;
            }
        }

        return filled;
    }

    /// <summary>
    /// A version banner with no time (NCCL prints its own without one) in a file that holds one NCCL
    /// process block per attempt belongs to the attempt of its process: its pid's block. It is placed
    /// at that attempt's start, as an inferred time.
    /// </summary>
    private static Symptom InAttempt(Symptom version, Dictionary<string, List<(long Line, int Pid)>> blocksOfFile, SortedDictionary<int, DateTimeOffset> attempts)
    {
        if (version.Pid is not { } pid || !blocksOfFile.TryGetValue(version.Source.Path, out var blocks) || blocks.Count != attempts.Count)
        {
            return version;
        }

        var k = blocks.FindIndex(b => b.Pid == pid);
        return k < 0 ? version : version with { Timestamp = attempts.ElementAt(k).Value, TimeInferred = true };
    }

    /// <summary>Attempt number → start, from restarts, attempt directories (stated), else NCCL re-inits (not stated).</summary>
    private static (SortedDictionary<int, DateTimeOffset> Starts, bool Stated) Attempts(List<Symptom> facts, List<Symptom> symptoms, List<Symptom> worldPlacements)
    {
        var starts = new SortedDictionary<int, DateTimeOffset>();
        foreach (var s in facts.Concat(symptoms))
        {
            if (s.Timestamp is not { } time)
            {
                continue;
            }

            if (s.Attrs.TryGetValue("attempt", out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var a))
            {
                starts[a] = starts.TryGetValue(a, out var known) && known <= time ? known : time;
            }
        }

        var first = facts.Concat(symptoms).Select(s => s.Timestamp).Where(t => t is not null).DefaultIfEmpty(null).Min();
        if (starts.Count > 0 && !starts.ContainsKey(0) && first is { } t && t < starts.Values.Min())
        {
            // Attempt 0 began with the first thing the run logged.
            starts[0] = t;
        }

        // A stated attempt number is only a bound on when that attempt began (a metrics row of
        // attempt 1 is somewhere inside it); when the processes' own re-inits show more attempts
        // than were stated, they are what the run did.
        var reinits = new SortedDictionary<int, DateTimeOffset>();
        Reinits(worldPlacements, reinits);
        var stated = starts.Count > 0 && starts.Count >= reinits.Count;
        if (!stated)
        {
            starts = reinits;
        }
        else if (reinits.Count == starts.Count)
        {
            // The same attempts seen twice: each began no later than the earliest thing known of it
            // (a metrics row of attempt 1 comes after its processes' NCCL init).
            foreach (var (k, reinit) in reinits)
            {
                if (starts.TryGetValue(k, out var known) && reinit < known)
                {
                    starts[k] = reinit;
                }
            }
        }

        // Attempts are in time order; one that starts before an earlier-numbered one is not believed.
        var previous = DateTimeOffset.MinValue;
        foreach (var key in starts.Keys.ToList())
        {
            if (starts[key] < previous)
            {
                starts.Remove(key);
                continue;
            }

            previous = starts[key];
        }

        return (starts.Count >= 2 ? starts : [], stated);
    }

    /// <summary>Each rank's world-communicator init in a new process (pid) is a new attempt, when most ranks agree on how many.</summary>
    private static void Reinits(List<Symptom> worldPlacements, SortedDictionary<int, DateTimeOffset> starts)
    {
        var blocks = new List<List<DateTimeOffset>>();
        foreach (var rank in worldPlacements.Where(p => p.Pid is not null && p.Timestamp is not null).GroupBy(p => (p.Rank!.Value, p.Host)))
        {
            var times = new List<DateTimeOffset>();
            int? pid = null;
            foreach (var p in rank.OrderBy(p => p.Timestamp))
            {
                if (p.Pid != pid)
                {
                    times.Add(p.Timestamp!.Value);
                    pid = p.Pid;
                }
            }

            blocks.Add(times);
        }

        var common = blocks.GroupBy(b => b.Count).OrderByDescending(g => g.Count()).FirstOrDefault();
        if (common is null || common.Key < 2 || common.Count() < blocks.Count * ReinitQuorum)
        {
            return;
        }

        for (var k = 0; k < common.Key; k++)
        {
            starts[k] = common.Min(b => b[k]);
        }
    }

    private static List<RunAttempt> WithVersions(SortedDictionary<int, DateTimeOffset> starts, List<Symptom> versions, IReadOnlyList<RunAttempt> given)
    {
        var attempts = starts.Select((s, i) => new RunAttempt(i, s.Value, null, new Dictionary<string, string>(StringComparer.Ordinal))).ToList();
        var probe = new RunFacts(new Dictionary<string, string>(), null, null, [], new Dictionary<string, int>(), attempts);
        var result = new List<RunAttempt>();
        Dictionary<string, string>? previous = null;
        foreach (var attempt in probe.Attempts)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (attempt.Index < given.Count)
            {
                foreach (var (key, value) in given[attempt.Index].Versions)
                {
                    values[key] = value;
                }
            }

            var seen = MostCommon(versions.Where(v => probe.AttemptAt(v.Timestamp!.Value)?.Index == attempt.Index));
            foreach (var (component, version) in previous ?? [])
            {
                values[KeyFor(values, component)] = version;
            }

            foreach (var (component, version) in seen)
            {
                values[KeyFor(values, component)] = version;
            }

            previous = seen.Count > 0 ? seen : previous;
            result.Add(attempt with { Versions = values });
        }

        return result;
    }

    /// <summary>run.yaml's attempts, each version the logs printed in it replacing what run.yaml says (a problem when they differ).</summary>
    private static List<RunAttempt> CorrectVersions(IReadOnlyList<RunAttempt> attempts, List<Symptom> versions, string source, List<RunInputProblem> problems)
    {
        var probe = new RunFacts(new Dictionary<string, string>(), null, null, [], new Dictionary<string, int>(), attempts);
        var result = new List<RunAttempt>();
        foreach (var attempt in probe.Attempts)
        {
            var seen = MostCommon(versions.Where(v => probe.AttemptAt(v.Timestamp!.Value)?.Index == attempt.Index));
            var values = new Dictionary<string, string>(attempt.Versions, StringComparer.Ordinal);
            foreach (var (component, version) in seen)
            {
                var key = KeyFor(values, component);
                if (values.TryGetValue(key, out var stated))
                {
                    if (SameVersion(stated, version))
                    {
                        continue; // "2.20.5" and the logs' "2.20.5+cuda12.4" agree; the value stays as written
                    }

                    problems.Add(new RunInputProblem(source, Invariant($"attempt {attempt.Index} says {key} {stated}, but the logs print {component} version {version}; the logs' version is used")));
                }

                values[key] = version;
            }

            result.Add(attempt with { Versions = values });
        }

        return result;
    }

    /// <summary>
    /// The run facts key a component's version goes under: an existing key naming it (<c>nccl</c>,
    /// <c>nccl_version</c>), else <c>COMPONENT_version</c> (the key run metadata uses).
    /// </summary>
    private static string KeyFor(Dictionary<string, string> values, string component) =>
        values.Keys.FirstOrDefault(k => k.Equals(component, StringComparison.OrdinalIgnoreCase))
        ?? values.Keys.FirstOrDefault(k => k.StartsWith(component, StringComparison.OrdinalIgnoreCase) && k.Contains("version", StringComparison.OrdinalIgnoreCase))
        ?? component + "_version";

    /// <summary>"2.18.1" and "2.18.1+cuda12.1" are one version.</summary>
    private static bool SameVersion(string stated, string observed) =>
        string.Equals(stated, observed, StringComparison.OrdinalIgnoreCase)
        || observed.StartsWith(stated + "+", StringComparison.OrdinalIgnoreCase)
        || stated.StartsWith(observed + "+", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> MostCommon(IEnumerable<Symptom> versions) =>
        versions
            .GroupBy(v => v.Attrs["component"], StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(v => Release(v.Attrs["version"]), StringComparer.Ordinal).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key,
                StringComparer.Ordinal);

    /// <summary>A version without its build metadata: NCCL's "2.18.1+cuda12.1" is release 2.18.1.</summary>
    private static string Release(string version) => version.IndexOf('+', StringComparison.Ordinal) is > 0 and var plus ? version[..plus] : version;

    private static bool SameHost(string a, string b) =>
        Topology.ShortName(a).Equals(Topology.ShortName(b), StringComparison.OrdinalIgnoreCase);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
