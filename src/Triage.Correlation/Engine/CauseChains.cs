namespace Triage.Correlation.Engine;

/// <summary>
/// The chains of causes <see cref="CollateralLinker"/> builds (each observation's
/// <see cref="Observation.Parent"/>): walking them to their first failure, testing for a loop
/// before a link is made, and breaking the loops that links chosen one at a time can still close.
/// </summary>
internal static class CauseChains
{
    /// <summary>
    /// Makes every chain of causes end in a first failure. Each link is chosen when its effect is
    /// read, and a cause may be read later than its effect (clock skew), so links can close a loop
    /// that the bounded look-back of <see cref="DescendsFrom"/> does not see: a watchdog timeout
    /// blamed on a peer's abort a second later, that abort on its own rank's NCCL error, …, back to the
    /// first timeout, thousands of ranks round. Nothing in such a loop would be a first failure, and
    /// the whole cascade would vanish from the hypotheses. The loop's earliest line (by time, then
    /// order) is where it began: it becomes the first failure the others hang off.
    /// </summary>
    /// <returns>How many loops were broken.</returns>
    public static int BreakCycles(IReadOnlyList<Observation> observations)
    {
        // 0 = not visited, 1 = on the current walk, 2 = done.
        var state = new byte[observations.Count];
        var walk = new List<int>();
        var broken = 0;
        for (var start = 0; start < observations.Count; start++)
        {
            walk.Clear();
            var current = start;
            while (current >= 0 && state[current] == 0)
            {
                state[current] = 1;
                walk.Add(current);
                current = observations[current].Parent;
            }

            if (current >= 0 && state[current] == 1)
            {
                // The walk ran into itself: the loop is walk[from..].
                var from = walk.IndexOf(current);
                var first = current;
                for (var k = from; k < walk.Count; k++)
                {
                    var candidate = walk[k];
                    if (Nullable.Compare(observations[candidate].Symptom.Timestamp, observations[first].Symptom.Timestamp) is var c && (c < 0 || (c == 0 && candidate < first)))
                    {
                        first = candidate;
                    }
                }

                observations[first].Parent = -1;
                observations[first].ParentRule = null;
                broken++;
            }

            foreach (var k in walk)
            {
                state[k] = 2;
            }
        }

        return broken;
    }

    /// <summary>True when <paramref name="index"/> already hangs (through its causes) off <paramref name="ancestor"/>: a cycle.</summary>
    public static bool DescendsFrom(IReadOnlyList<Observation> observations, int index, int ancestor)
    {
        var current = observations[index].Parent;
        for (var guard = 0; current >= 0 && guard < 64; guard++, current = observations[current].Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first failure <paramref name="index"/> hangs off (itself when it has no cause).</summary>
    public static int Root(IReadOnlyList<Observation> observations, int index)
    {
        var current = index;
        for (var guard = 0; observations[current].Parent >= 0 && guard < observations.Count; guard++)
        {
            current = observations[current].Parent;
        }

        return current;
    }
}
