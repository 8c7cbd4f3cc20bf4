using Triage.Hypotheses;
using Triage.Reports.Model;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Reports.Building;

/// <summary>
/// Builds a <see cref="PostMortem"/> of one run from the store's ledger: hypotheses with their
/// evidence, the first failures the latest analysis attributed, votes (their history when the store
/// keeps one, see <see cref="IVoteHistory"/>), decisions and notes, aggregates of the symptoms over
/// time, representative raw lines, checkpoints and recorded failures; plus the run's metadata and
/// curves from <see cref="ReportSources"/>. Reads only aggregates and bounded pages
/// (<see cref="ReportLimits"/>). Not thread-safe; one instance per report.
/// </summary>
public sealed class PostMortemBuilder
{
    private readonly ISymptomStore _store;
    private readonly TimeProvider _time;
    private readonly ReportLimits _limits;

    /// <summary>Creates a builder over <paramref name="store"/>; <paramref name="time"/> dates the report.</summary>
    public PostMortemBuilder(ISymptomStore store, TimeProvider time, ReportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _limits = limits ?? ReportLimits.Default;
    }

    /// <summary>Builds the report of <paramref name="run"/>.</summary>
    /// <exception cref="TriageException">The run has no analysis in the store (exit code usage).</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task<PostMortem> BuildAsync(string run, ReportSources sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sources);
        var hypotheses = await _store.GetHypothesesAsync(run, cancellationToken).ConfigureAwait(false);
        var attribution = await _store.GetAttributionAsync(run, cancellationToken).ConfigureAwait(false);
        if (hypotheses.Count == 0 || attribution is null)
        {
            throw new TriageException($"run '{run}' has no hypotheses in the store: run 'triage analyze RUN_DIR' first, or pass the run directory", ExitCodes.Usage);
        }

        var notes = new List<string>();
        var reviews = await _store.GetReviewsAsync(run, cancellationToken).ConfigureAwait(false);
        var (votes, complete) = await VotesAsync(run, cancellationToken).ConfigureAwait(false);
        if (!complete)
        {
            notes.Add("this store keeps only each engineer's current vote, so the belief section shows the last vote of each and when it was cast");
        }

        var statuses = Statuses(hypotheses, reviews);
        var ledger = new LedgerReader(_store, run, _limits);
        var kinds = await ledger.KindsAsync(cancellationToken).ConfigureAwait(false);
        var roots = await ledger.FirstFailuresAsync(attribution, notes, cancellationToken).ConfigureAwait(false);
        var activity = await ledger.ActivityAsync(kinds, cancellationToken).ConfigureAwait(false);
        // The latest confirm leads when several hypotheses were confirmed.
        var lead = statuses.Where(s => s.Status == ReviewStatus.Confirmed).OrderByDescending(s => s.Decision!.At).FirstOrDefault() ?? statuses[0];
        var facts = sources.Inputs.Facts;
        if (facts is null)
        {
            notes.Add("no run facts (run.yaml, or restarts in the logs): attempts and restarts are not known");
        }

        var impact = new ReportImpact(
            facts?.Attempts.Count is > 0 ? facts.Attempts.Count : null,
            roots.Select(r => r.Timestamp).Min(),
            roots.Select(r => r.Timestamp).Max(),
            facts?.Attempts.Count is > 0 ? facts.Attempts[^1].Start : null,
            activity.HostsHit,
            activity.RanksHit,
            roots.Select(r => r.Host).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
            roots.Select(r => r.Rank).OfType<int>().Distinct().Count(),
            sources.Inputs.Topology?.Hosts.Count is > 0 ? sources.Inputs.Topology.Hosts.Count : facts?.Nodes.Count is > 0 ? facts.Nodes.Count : null,
            facts?.WorldSize);
        var byId = hypotheses.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var rootOwner = attribution.ById.Where(kv => kv.Value.Role == AttributionRole.Root).ToDictionary(kv => kv.Key, kv => kv.Value.Hypothesis, StringComparer.Ordinal);
        var timeline = TimelineBuilder.Build(facts, roots, rootOwner, byId, activity.Waves, votes, reviews, _limits.TimelineFirstFailures);
        var belief = BeliefAnalysis.Analyze(statuses, votes, reviews, complete);
        var markers = await ledger.MarkersAsync(roots, facts, cancellationToken).ConfigureAwait(false);
        var contrast = new[] { lead }.Concat(statuses).FirstOrDefault(s => s.Hypothesis.Contrast is not null);
        return new PostMortem
        {
            Run = run,
            GeneratedAt = _time.GetUtcNow(),
            Symptoms = kinds.Where(k => !SymptomKinds.IsFact(k.Kind)).Sum(k => k.Count),
            Summary = new ReportSummary(lead.Hypothesis, lead.Status == ReviewStatus.Confirmed, lead.Status == ReviewStatus.Confirmed ? lead.Decision : null, hypotheses.Count, rootOwner.Count),
            Impact = impact,
            Timeline = timeline,
            Belief = belief,
            Hypotheses = statuses,
            ActionItems = statuses
                .Where(s => s.Status == ReviewStatus.Open && !string.IsNullOrWhiteSpace(s.Hypothesis.NextCheck))
                .Select(s => new ActionItem(s.Hypothesis.Id, s.Hypothesis.Rank, s.Hypothesis.Title, s.Hypothesis.NextCheck))
                .ToList(),
            RawLines = await ledger.RawLinesAsync(kinds, cancellationToken).ConfigureAwait(false),
            Inputs = await ledger.InputsAsync(sources, cancellationToken).ConfigureAwait(false),
            Plots = new PlotData(sources.Curve, markers, activity.Lanes(roots, _limits.MaxLanes), contrast?.Hypothesis.Contrast, contrast?.Hypothesis.Id),
            Notes = notes,
        };
    }

    private async Task<(IReadOnlyList<VoteRecord> Votes, bool Complete)> VotesAsync(string run, CancellationToken cancellationToken)
    {
        if (_store is IVoteHistory history)
        {
            return (await history.GetVoteHistoryAsync(run, cancellationToken).ConfigureAwait(false), true);
        }

        var current = await _store.GetVotesAsync(run, cancellationToken).ConfigureAwait(false);
        return (current.OrderBy(v => v.At).ToList(), false);
    }

    /// <summary>Each hypothesis with its latest decision and its notes; ranked ones by rank, then unranked.</summary>
    internal static List<HypothesisStatus> Statuses(IReadOnlyList<Hypothesis> hypotheses, IReadOnlyList<ReviewEntry> reviews)
    {
        var result = new List<HypothesisStatus>();
        foreach (var h in hypotheses.OrderBy(h => h.Rank == 0 ? int.MaxValue : h.Rank).ThenBy(h => h.Id, StringComparer.Ordinal))
        {
            var mine = reviews.Where(r => r.HypothesisId == h.Id).ToList();
            var decision = mine.LastOrDefault(r => r.Kind != ReviewKind.Note);
            var status = decision?.Kind switch
            {
                ReviewKind.Confirm => ReviewStatus.Confirmed,
                ReviewKind.Reject => ReviewStatus.Rejected,
                _ => ReviewStatus.Open,
            };
            result.Add(new HypothesisStatus(h, status, decision, mine.Where(r => r.Kind == ReviewKind.Note).ToList()));
        }

        return result;
    }
}
