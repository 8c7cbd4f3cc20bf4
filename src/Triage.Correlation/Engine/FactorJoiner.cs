using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Joins every root observation to its candidate factors and each factor value's baseline share:
/// components (host, GPU, topology attributes) weighted by the ranks they hold, run facts by the
/// time their attempt lasted, and step-manifest attributes by rank-steps (or by steps, for
/// observations the whole job reports once per step, such as a NaN loss). One streaming pass over
/// the manifest (two when step-level roots need step shares); memory is bounded by the roots and
/// by the distinct values per key (keys with more are dropped as identifiers, not factors).
/// </summary>
internal sealed class FactorJoiner
{
    /// <summary>A manifest key with more distinct values than this is an identifier (batch id), not a factor.</summary>
    public const int MaxValuesPerKey = 20_000;

    private static readonly TimeSpan JoinTolerance = TimeSpan.FromSeconds(5);

    public Dictionary<string, FactorSource> Keys { get; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    public long ManifestRows { get; private set; }

    public int JoinedToManifest { get; private set; }

    public HashSet<string> DroppedKeys { get; } = new(StringComparer.Ordinal);

    public RootFactors[] Join(IReadOnlyList<Observation> roots, RunInputs inputs, ComponentBaseline components, DateTimeOffset runEnd, CancellationToken cancellationToken)
    {
        var result = new RootFactors[roots.Count];
        for (var i = 0; i < roots.Count; i++)
        {
            result[i] = new RootFactors();
            var s = roots[i].Symptom;
            if (roots[i].StepLevel)
            {
                // What the job prints once per step (the reduced loss on its logging rank, a metrics
                // file's global series) is about the step, not about the component that printed it.
                continue;
            }

            if (s.Host is { } host)
            {
                result[i].Add(FactorKeys.Host, host, components.HostShare(host));
                Keys[FactorKeys.Host] = FactorSource.Component;
                if (s.Gpu is { } gpu)
                {
                    result[i].Add(FactorKeys.Gpu, FactorKeys.GpuValue(host, gpu), components.GpuShare(host));
                    Keys[FactorKeys.Gpu] = FactorSource.Component;
                }

                foreach (var key in inputs.Topology?.AttributeKeys ?? [])
                {
                    if (inputs.Topology!.Attribute(host, key) is { } value)
                    {
                        result[i].Add(key, value, components.AttributeShare(key, value));
                        Keys[key] = FactorSource.Component;
                    }
                }
            }

            if (s.Rank is { } rank && s.Host is null)
            {
                result[i].Add(FactorKeys.Rank, rank.ToString(System.Globalization.CultureInfo.InvariantCulture), components.RankShare);
                Keys[FactorKeys.Rank] = FactorSource.Component;
            }
        }

        JoinRunFacts(roots, inputs.Facts, runEnd, result);
        if (inputs.Manifest is { } manifest)
        {
            // A run without restarts is one attempt.
            JoinManifest(roots, manifest, Math.Max(1, inputs.Facts?.Attempts.Count ?? 0), result, cancellationToken);
        }

        return result;
    }

    private void JoinRunFacts(IReadOnlyList<Observation> roots, RunFacts? facts, DateTimeOffset runEnd, RootFactors[] result)
    {
        if (facts is null || facts.Attempts.Count == 0)
        {
            return;
        }

        // Each version value's share of the run's time (attempt start to the next attempt's start).
        var durations = new Dictionary<(string Key, string Value), double>();
        var total = 0.0;
        foreach (var attempt in facts.Attempts)
        {
            var end = attempt.End ?? runEnd;
            var seconds = Math.Max(0, (end - attempt.Start).TotalSeconds);
            total += seconds;
            foreach (var (key, value) in attempt.Versions)
            {
                durations[(key, value)] = durations.GetValueOrDefault((key, value)) + seconds;
            }
        }

        if (total <= 0)
        {
            return;
        }

        // A fact that differs in every one of three or more attempts (a Slurm step id, a resume
        // step) names the attempt; it is not a version that could be a cause.
        var identifiers = facts.Attempts.Count >= 3
            ? facts.Attempts.SelectMany(a => a.Versions.Keys).Distinct(StringComparer.Ordinal)
                .Where(k => facts.Attempts.Select(a => a.Versions.GetValueOrDefault(k)).Distinct().Count() == facts.Attempts.Count)
                .ToHashSet(StringComparer.Ordinal)
            : [];
        for (var i = 0; i < roots.Count; i++)
        {
            if (roots[i].Symptom.Timestamp is { } t && facts.AttemptAt(t) is { } attempt)
            {
                foreach (var (key, value) in attempt.Versions)
                {
                    if (identifiers.Contains(key))
                    {
                        continue;
                    }

                    result[i].Add(key, value, durations[(key, value)] / total);
                    Keys[key] = FactorSource.RunFact;
                }
            }
        }
    }

    /// <remarks>
    /// A root placed only in an attempt (<see cref="Observation.Attempt"/>: a line without a stamp in
    /// its rank's k-th process block) joins the last row of its rank's k-th run of steps: a step
    /// number that goes back starts the next, since the job resumed from a checkpoint. That holds only
    /// when the rank's rows show as many runs as the run has <paramref name="attempts"/>; otherwise the
    /// root joins by time like any other.
    /// </remarks>
    private void JoinManifest(IReadOnlyList<Observation> roots, IStepManifest manifest, int attempts, RootFactors[] result, CancellationToken cancellationToken)
    {
        // What each root needs: rank-level roots the row of their rank at their time (or their step),
        // step-level roots every row of their step.
        var byRank = new Dictionary<int, List<int>>();
        var byStep = new Dictionary<long, List<int>>();
        for (var i = 0; i < roots.Count; i++)
        {
            var s = roots[i].Symptom;
            if (roots[i].StepLevel && StepOf(s) is { } step)
            {
                (byStep.TryGetValue(step, out var list) ? list : byStep[step] = []).Add(i);
            }
            else if (s.Rank is { } rank)
            {
                (byRank.TryGetValue(rank, out var list) ? list : byRank[rank] = []).Add(i);
            }
        }

        var best = new (long Step, DateTimeOffset? Time, IReadOnlyList<KeyValuePair<string, string>>? Strings)[roots.Count];
        var bestInAttempt = new (long Step, DateTimeOffset? Time, IReadOnlyList<KeyValuePair<string, string>>? Strings)[roots.Count];
        var runsOfSteps = new Dictionary<int, (long LastStep, int Run)>();
        var stepValues = new Dictionary<long, Dictionary<string, HashSet<string>>>();
        var rankSteps = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var steps = new HashSet<long>();
        var stats = new ManifestReadStats();
        foreach (var row in manifest.Read(stats, cancellationToken))
        {
            ManifestRows++;
            steps.Add(row.Step);
            foreach (var (key, value) in row.Strings)
            {
                if (DroppedKeys.Contains(key))
                {
                    continue;
                }

                if (!rankSteps.TryGetValue(key, out var counts))
                {
                    counts = new Dictionary<string, long>(StringComparer.Ordinal);
                    rankSteps[key] = counts;
                }

                if (counts.Count >= MaxValuesPerKey && !counts.ContainsKey(value))
                {
                    DroppedKeys.Add(key);
                    rankSteps.Remove(key);
                    continue;
                }

                counts[value] = counts.GetValueOrDefault(value) + 1;
            }

            if (byRank.TryGetValue(row.Rank, out var wanting))
            {
                var run = runsOfSteps.TryGetValue(row.Rank, out var seen) ? seen.Run + (row.Step < seen.LastStep ? 1 : 0) : 0;
                runsOfSteps[row.Rank] = (row.Step, run);
                foreach (var i in wanting)
                {
                    if (Better(roots[i].Symptom, roots[i].JoinTime ?? roots[i].Symptom.Timestamp, row, best[i]))
                    {
                        best[i] = (row.Step, row.Time, row.Strings.ToArray()); // the reader reuses its row buffers
                    }

                    if (roots[i].Attempt == run && StepOf(roots[i].Symptom) is null && (bestInAttempt[i].Strings is null || row.Step > bestInAttempt[i].Step))
                    {
                        bestInAttempt[i] = (row.Step, row.Time, row.Strings.ToArray());
                    }
                }
            }

            if (byStep.ContainsKey(row.Step))
            {
                if (!stepValues.TryGetValue(row.Step, out var sets))
                {
                    sets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                    stepValues[row.Step] = sets;
                }

                foreach (var (key, value) in row.Strings)
                {
                    if (!sets.TryGetValue(key, out var set))
                    {
                        set = new HashSet<string>(StringComparer.Ordinal);
                        sets[key] = set;
                    }

                    if (set.Count < MaxValuesPerKey)
                    {
                        set.Add(value);
                    }
                }
            }
        }

        foreach (var problem in stats.Problems.Take(3))
        {
            Notes.Add($"manifest {problem.Path}: {problem.Reason}");
        }

        if (ManifestRows == 0)
        {
            return;
        }

        foreach (var key in rankSteps.Keys)
        {
            Keys[key] = FactorSource.Manifest;
        }

        for (var i = 0; i < roots.Count; i++)
        {
            if (bestInAttempt[i].Strings is not null && roots[i].Symptom.Rank is { } rank && runsOfSteps[rank].Run + 1 == attempts)
            {
                best[i] = bestInAttempt[i];
            }

            if (best[i].Strings is { } strings)
            {
                JoinedToManifest++;
                result[i].StepTime = best[i].Time;
                foreach (var (key, value) in strings)
                {
                    if (rankSteps.TryGetValue(key, out var counts))
                    {
                        result[i].Add(key, value, (double)counts[value] / ManifestRows);
                    }
                }
            }
        }

        if (byStep.Count > 0)
        {
            JoinSteps(roots, manifest, result, byStep, stepValues, rankSteps, steps.Count, cancellationToken);
        }
    }

    private void JoinSteps(
        IReadOnlyList<Observation> roots,
        IStepManifest manifest,
        RootFactors[] result,
        Dictionary<long, List<int>> byStep,
        Dictionary<long, Dictionary<string, HashSet<string>>> stepValues,
        Dictionary<string, Dictionary<string, long>> rankSteps,
        int stepCount,
        CancellationToken cancellationToken)
    {
        // Second pass: in how many steps does each value seen at a root's step occur at all?
        var wanted = new Dictionary<(string Key, string Value), HashSet<long>>();
        foreach (var sets in stepValues.Values)
        {
            foreach (var (key, values) in sets)
            {
                if (!rankSteps.ContainsKey(key))
                {
                    continue;
                }

                foreach (var value in values)
                {
                    wanted.TryAdd((key, value), []);
                }
            }
        }

        foreach (var row in manifest.Read(new ManifestReadStats(), cancellationToken))
        {
            foreach (var (key, value) in row.Strings)
            {
                if (wanted.TryGetValue((key, value), out var seen))
                {
                    seen.Add(row.Step);
                }
            }
        }

        foreach (var (step, indexes) in byStep)
        {
            if (!stepValues.TryGetValue(step, out var sets))
            {
                continue;
            }

            foreach (var i in indexes)
            {
                JoinedToManifest++;
                foreach (var (key, values) in sets)
                {
                    foreach (var value in values)
                    {
                        if (wanted.TryGetValue((key, value), out var seen))
                        {
                            result[i].Add(key, value, (double)seen.Count / stepCount);
                        }
                    }
                }
            }
        }
    }

    private static bool Better(Symptom s, DateTimeOffset? time, ManifestRow row, (long Step, DateTimeOffset? Time, IReadOnlyList<KeyValuePair<string, string>>? Strings) current)
    {
        if (StepOf(s) is { } step)
        {
            return row.Step == step;
        }

        if (time is not { } t || row.Time is not { } rowTime || rowTime > t + JoinTolerance)
        {
            return false;
        }

        return current.Strings is null || current.Time is not { } bestTime || rowTime > bestTime;
    }

    internal static long? StepOf(Symptom s) =>
        (s.Attrs.TryGetValue("iteration", out var text) || s.Attrs.TryGetValue("step", out text))
        && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
}
