using System.Runtime.CompilerServices;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Simulator.Evaluation;

/// <summary>A run's symptoms as a stream of bounded pages from a store, for the scorer.</summary>
public static class StoredSymptoms
{
    /// <summary>Every symptom (facts such as <c>meta.placement</c> left out) of <paramref name="run"/> in <paramref name="store"/>, one page (up to <paramref name="pageSize"/>) in memory at a time.</summary>
    public static async IAsyncEnumerable<Symptom> ReadAsync(
        ISymptomStore store, string run, int pageSize = SymptomPageRequest.MaxSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var filter = new SymptomFilter { Run = run };
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync(filter, new SymptomPageRequest { Size = pageSize, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var symptom in page.Items)
            {
                // meta.* kinds are facts (where ranks run), not symptoms a cause explains.
                if (!SymptomKinds.IsFact(symptom.Kind))
                {
                    yield return symptom;
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }
}
