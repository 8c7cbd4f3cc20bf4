using Triage.Hypotheses;
using Triage.Simulator.Truth;
using Triage.Symptoms;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// Scores one analysed run against its ground truth: cause ranks (top-1, top-3, all causes in
/// the top k), attribution precision and recall per cause, and what stays unexplained. Symptoms
/// are streamed once; memory holds the truth's line index and counters, never the symptoms.
/// Thread-safe (stateless).
/// </summary>
public static class EvalScorer
{
    private const string UnknownKind = "log.unknown";

    /// <summary>Scores <paramref name="analysis"/> of the run whose extracted symptoms are <paramref name="symptoms"/>.</summary>
    /// <param name="truth">The run's ground truth.</param>
    /// <param name="analysis">The analysis to score.</param>
    /// <param name="symptoms">Every symptom extracted from the run, each once, in any order.</param>
    /// <param name="timings">Collect and analyze wall time, reported as they are.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public static async Task<RunScore> ScoreAsync(
        GroundTruth truth, Analysis analysis, IAsyncEnumerable<Symptom> symptoms, EvalTimings timings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(symptoms);
        ArgumentNullException.ThrowIfNull(timings);
        var index = new TruthIndex(truth);
        var causes = truth.Causes.Count;
        var best = truth.Causes.Select(c => CauseMatcher.BestMatch(c, analysis.Hypotheses)).ToArray();

        // Which causes a hypothesis is the best match of (usually one; overlapping alternatives may give more).
        var causesOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < causes; i++)
        {
            if (best[i] is { } match)
            {
                (causesOf.TryGetValue(match.Hypothesis.Id, out var list) ? list : causesOf[match.Hypothesis.Id] = []).Add(i);
            }
        }

        var counts = new Counts(causes, index.LinesListed);
        await foreach (var symptom in symptoms.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var label = index.Lookup(symptom.Source.Path, symptom.Source.Line);
            var hypothesis = analysis.Attribution.Resolve(symptom)?.Hypothesis;
            if (hypothesis is null && symptom.Kind == UnknownKind && !label.IsCause && !label.IsNoise)
            {
                // A mined unknown line the engine did not use and the truth does not name: context, not a miss.
                continue;
            }

            counts.Add(label, hypothesis, causesOf);
        }

        var lines = counts.LineTotals(index);
        var scores = new CauseScore[causes];
        for (var i = 0; i < causes; i++)
        {
            var cause = truth.Causes[i];
            scores[i] = new CauseScore
            {
                Id = cause.Id,
                Scenario = cause.Scenario,
                Category = cause.Category,
                BestRank = best[i]?.Rank,
                Hypothesis = best[i]?.Hypothesis.Id,
                ListedRoot = index.ListedRoot[i],
                ListedCollateral = index.ListedCollateral[i],
                FoundRoot = lines.FoundRoot[i],
                FoundCollateral = lines.FoundCollateral[i],
                NotExtracted = lines.NotExtracted[i],
                TruthRoot = counts.TruthRoot[i],
                TruthCollateral = counts.TruthCollateral[i],
                Claimed = counts.Claimed[i],
                CorrectRoot = counts.CorrectRoot[i],
                CorrectCollateral = counts.CorrectCollateral[i],
            };
        }

        var rank1 = analysis.Hypotheses.FirstOrDefault(h => h.Rank == 1) ?? analysis.Hypotheses.FirstOrDefault();
        return new RunScore
        {
            Run = truth.Run,
            Scenarios = truth.Scenarios,
            Symptoms = counts.Total,
            Hypotheses = analysis.Hypotheses.Count,
            Causes = scores,
            Top1 = causes == 0 ? null : rank1 is not null && truth.Causes.Any(c => CauseMatcher.Matches(c, rank1)),
            Top3 = causes == 0 ? null : best.Any(b => b?.Rank <= 3),
            // A cause that never fired in the simulated window (no symptom, so no first_seen) cannot be
            // found: only the causes that fired must all be in the top k, k their number.
            AllInTopK = causes == 0 ? null : Fired(truth).All(i => best[i]?.Rank <= Fired(truth).Count),
            Unexplained = new UnexplainedScore(counts.Unexplained, counts.UnexplainedOfCauses, counts.UnexplainedNoise, counts.UnexplainedUnlabelled),
            FalseHypotheses = analysis.Hypotheses
                .Where(h => h.Score >= FalseHypothesis.MinScore && !truth.Causes.Any(c => CauseMatcher.Matches(c, h)))
                .Select((h, i) => new FalseHypothesis(h.Id, h.Rank > 0 ? h.Rank : i + 1, h.Title, h.Score))
                .ToArray(),
            Unlabelled = counts.Unlabelled,
            Noise = counts.Noise,
            NoiseClaimed = counts.NoiseClaimed,
            Timings = timings,
        };
    }

    /// <summary>The counters one pass over the symptoms fills.</summary>
    private static List<int> Fired(GroundTruth truth) =>
        Enumerable.Range(0, truth.Causes.Count).Where(i => truth.Causes[i].FirstSeen is not null).ToList();

    private sealed class Counts(int causes, int lines)
    {
        private readonly bool[] _extracted = new bool[lines];
        private readonly bool[] _found = new bool[lines];

        public long[] TruthRoot { get; } = new long[causes];

        public long[] TruthCollateral { get; } = new long[causes];

        public long[] Claimed { get; } = new long[causes];

        public long[] CorrectRoot { get; } = new long[causes];

        public long[] CorrectCollateral { get; } = new long[causes];

        public long Total { get; private set; }

        public long Unlabelled { get; private set; }

        public long Noise { get; private set; }

        public long NoiseClaimed { get; private set; }

        public long Unexplained { get; private set; }

        public long UnexplainedOfCauses { get; private set; }

        public long UnexplainedNoise { get; private set; }

        public long UnexplainedUnlabelled { get; private set; }

        /// <summary>Per cause: listed lines a claimed symptom came from (by role), and listed lines never extracted.</summary>
        public (long[] FoundRoot, long[] FoundCollateral, long[] NotExtracted) LineTotals(TruthIndex index)
        {
            var root = new long[causes];
            var collateral = new long[causes];
            var missing = new long[causes];
            foreach (var label in index.CauseLines)
            {
                if (_found[label.Line])
                {
                    (label.Role == AttributionRole.Root ? root : collateral)[label.Cause]++;
                }

                missing[label.Cause] += _extracted[label.Line] ? 0 : 1;
            }

            return (root, collateral, missing);
        }

        public void Add(TruthIndex.Label label, string? hypothesis, Dictionary<string, List<int>> causesOf)
        {
            Total++;
            if (label.IsCause)
            {
                if (label.Line >= 0)
                {
                    _extracted[label.Line] = true;
                }

                (label.Role == AttributionRole.Root ? TruthRoot : TruthCollateral)[label.Cause]++;
            }
            else if (label.IsNoise)
            {
                Noise++;
                NoiseClaimed += hypothesis is null ? 0 : 1;
            }
            else
            {
                Unlabelled++;
            }

            if (hypothesis is null)
            {
                Unexplained++;
                UnexplainedOfCauses += label.IsCause ? 1 : 0;
                UnexplainedNoise += label.IsNoise ? 1 : 0;
                UnexplainedUnlabelled += label.IsCause || label.IsNoise ? 0 : 1;
                return;
            }

            if (!causesOf.TryGetValue(hypothesis, out var claimedFor))
            {
                return;
            }

            foreach (var cause in claimedFor)
            {
                Claimed[cause]++;
                if (label.Cause == cause)
                {
                    if (label.Line >= 0)
                    {
                        _found[label.Line] = true;
                    }

                    (label.Role == AttributionRole.Root ? CorrectRoot : CorrectCollateral)[cause]++;
                }
            }
        }
    }
}
