using System.Collections;
using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

/// <summary>A batch that cancels its token when the store reads a given element: a cancellation in the middle of an append.</summary>
internal sealed class CancellingList(IReadOnlyList<Symptom> inner, int cancelAtIndex, CancellationTokenSource cancellation) : IReadOnlyList<Symptom>
{
    public bool Cancelled => cancellation.IsCancellationRequested;

    public int Count => inner.Count;

    public Symptom this[int index]
    {
        get
        {
            if (index == cancelAtIndex)
            {
                cancellation.Cancel();
            }

            return inner[index];
        }
    }

    public IEnumerator<Symptom> GetEnumerator() => inner.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
