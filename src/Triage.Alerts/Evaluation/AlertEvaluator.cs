using System.Globalization;
using Triage.Alerts.Rules;
using Triage.Hypotheses;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Alerts.Evaluation;

/// <summary>
/// Evaluates alert rules on one run's analysis: symptom rules on the clusters of the run's symptoms
/// (collateral left out, as the engine attributed it), hypothesis rules on its hypotheses. Reads
/// the store in pages and at most <see cref="MaxSymptomsPerRule"/> symptoms per rule. Not thread-safe.
/// </summary>
public sealed class AlertEvaluator
{
    /// <summary>Most symptoms one symptom rule reads per pass (a rule on a cascade kind is bounded, not a memory hog).</summary>
    public const int MaxSymptomsPerRule = 200_000;

    private const int SampleCount = 3;
    private readonly AlertRuleSet _rules;
    private readonly ISymptomStore _store;

    /// <summary>Creates an evaluator for <paramref name="rules"/> over <paramref name="store"/>.</summary>
    public AlertEvaluator(AlertRuleSet rules, ISymptomStore store)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(store);
        _rules = rules;
        _store = store;
    }

    /// <summary>Rules that read more than <see cref="MaxSymptomsPerRule"/> symptoms in the last pass (their clusters are from the first ones).</summary>
    public IReadOnlyList<string> Truncated { get; private set; } = [];

    /// <summary>The alerts the rules raise on <paramref name="analysis"/>.</summary>
    /// <param name="analysis">The run's analysis (hypotheses and attribution).</param>
    /// <param name="explainCommand">How to explain a hypothesis, with <c>{id}</c> for its id (e.g. <c>triage analyze /runs/x --explain {id}</c>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(Analysis analysis, string explainCommand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(explainCommand);
        var candidates = new List<AlertCandidate>();
        var truncated = new List<string>();
        var byId = analysis.Hypotheses.ToDictionary(h => h.Id, StringComparer.Ordinal);
        foreach (var rule in _rules.Rules)
        {
            if (rule.Hypothesis is { } hm)
            {
                foreach (var h in analysis.Hypotheses.Where(h => h.Rank <= hm.MaxRank && h.Score >= hm.MinScore))
                {
                    candidates.Add(AlertText.ForHypothesis(rule, analysis.Run, h, explainCommand));
                }

                continue;
            }

            var match = rule.Symptoms!;
            var (symptoms, cut) = await ReadAsync(analysis.Run, match, cancellationToken).ConfigureAwait(false);
            if (cut)
            {
                truncated.Add(rule.Name);
            }

            var kept = match.IncludeCollateral ? symptoms : symptoms.Where(s => analysis.Attribution.Resolve(s)?.Role != AttributionRole.Collateral);
            foreach (var cluster in ClusterFinder.Find(match, kept))
            {
                if (match.NewOnly && await SeenElsewhereAsync(analysis.Run, cluster, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var hypothesis = Explaining(cluster, analysis.Attribution, byId);
                candidates.Add(AlertText.ForCluster(rule, analysis.Run, cluster, hypothesis, explainCommand));
            }
        }

        Truncated = truncated;
        return candidates;
    }

    /// <summary>Evaluates one symptom rule on symptoms in memory (the rules' own tests).</summary>
    internal static IReadOnlyList<Cluster> Clusters(AlertRule rule, IEnumerable<Symptom> symptoms, IReadOnlySet<string> collateral)
    {
        var match = rule.Symptoms ?? throw new ArgumentException("not a symptom rule", nameof(rule));
        return ClusterFinder.Find(match, match.IncludeCollateral ? symptoms : symptoms.Where(s => !collateral.Contains(s.Id)));
    }

    private async Task<(List<Symptom> Symptoms, bool Truncated)> ReadAsync(string run, SymptomMatch match, CancellationToken cancellationToken)
    {
        var filter = new SymptomFilter { Run = run, Kinds = match.Kinds, MinSeverity = match.MinSeverity };
        var result = new List<Symptom>();
        string? cursor = null;
        do
        {
            var page = await _store.QueryAsync(filter, new SymptomPageRequest { Size = 5_000, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            result.AddRange(page.Items);
            cursor = page.NextCursor;
            if (result.Count >= MaxSymptomsPerRule)
            {
                return (result, cursor is not null);
            }
        }
        while (cursor is not null);
        return (result, false);
    }

    private async Task<bool> SeenElsewhereAsync(string run, Cluster cluster, CancellationToken cancellationToken)
    {
        var signature = cluster.Members[0].Signature;
        var everywhere = await _store.CountAsync(new SymptomFilter { Signatures = [signature], Kinds = [cluster.Members[0].Kind] }, cancellationToken).ConfigureAwait(false);
        var here = await _store.CountAsync(new SymptomFilter { Run = run, Signatures = [signature], Kinds = [cluster.Members[0].Kind] }, cancellationToken).ConfigureAwait(false);
        return everywhere > here;
    }

    private static Hypothesis? Explaining(Cluster cluster, Attribution attribution, Dictionary<string, Hypothesis> byId) =>
        cluster.Members
            .Select(s => attribution.Resolve(s)?.Hypothesis)
            .OfType<string>()
            .Where(byId.ContainsKey)
            .GroupBy(id => id, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => byId[g.Key].Rank)
            .Select(g => byId[g.Key])
            .FirstOrDefault();

    internal static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
