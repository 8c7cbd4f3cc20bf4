using Triage.Runs;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// Bounds the time of lines that carry no stamp of their own. A torch 2.1 watchdog line or a
/// Python traceback in a per-rank file either inherited the last stamp before it (a lower bound)
/// or has no time at all. Two facts bound them better:
/// <list type="bullet">
/// <item>The next line of the same file with its own stamp is an upper bound
/// (<see cref="Observation.NotAfter"/>).</item>
/// <item>A rank's NCCL <c>Init COMPLETE</c> lines come from a new process at each restart: when a
/// file holds as many such process blocks for a rank as the run has attempts, block k is
/// attempt k, so a time-less line in it lies in [attempt start, next attempt start). A run without
/// restarts is one attempt from its first to its last stamped line.</item>
/// </list>
/// The attempt that contains a lower bound also caps the upper bound.
/// </summary>
internal static class TimeBounds
{
    /// <summary>Applies both bounds; returns how many time-less lines were placed in an attempt.</summary>
    public static int Apply(IReadOnlyList<Observation> observations, IReadOnlyList<Symptom> placements, RunFacts? facts)
    {
        var attempts = facts?.Attempts ?? [];
        if (attempts.Count == 0 && OwnStamps(observations) is ({ } first, { } last))
        {
            // No restart seen: the run is one attempt, from its first to its last stamped line.
            attempts = [new RunAttempt(0, first, last, new Dictionary<string, string>(StringComparer.Ordinal))];
        }

        var anchored = attempts.Count > 0 ? AnchorToAttempts(observations, placements, attempts) : 0;
        foreach (var file in observations.Where(o => !o.IsGroup && o.Symptom.Source.Path.Length > 0).GroupBy(o => o.Symptom.Source.Path, StringComparer.Ordinal))
        {
            DateTimeOffset? next = null;
            foreach (var o in file.OrderByDescending(o => o.Symptom.Source.Line))
            {
                var s = o.Symptom;
                if (s.Timestamp is { } own && !s.TimeInferred)
                {
                    next = own;
                    continue;
                }

                if (s.Timestamp is not { } lower)
                {
                    continue;
                }

                var attemptEnd = facts?.AttemptAt(lower)?.End;
                o.NotAfter = Min(Min(o.NotAfter, next is { } n && n >= lower ? n : null), attemptEnd);
            }
        }

        return anchored;
    }

    private static int AnchorToAttempts(IReadOnlyList<Observation> observations, IReadOnlyList<Symptom> placements, IReadOnlyList<RunAttempt> attempts)
    {
        var blocks = ProcessBlocks.Of(placements);
        var anchored = 0;
        foreach (var o in observations)
        {
            var s = o.Symptom;
            if (o.IsGroup || (s.Timestamp is not null && !s.TimeInferred) || s.Rank is not { } rank
                || !blocks.TryGetValue((s.Source.Path, rank), out var list) || list.Count != attempts.Count)
            {
                continue;
            }

            var k = list.FindLastIndex(b => b.Line <= s.Source.Line);
            if (k < 0)
            {
                continue;
            }

            o.BlockAttempt = k;
            if (s.Timestamp is not null)
            {
                // An inherited time keeps its bounds; only its attempt is known better.
                continue;
            }

            o.Symptom = s with { Timestamp = attempts[k].Start, TimeInferred = true };
            o.NotAfter = attempts[k].End;
            o.Attempt = k;
            anchored++;
        }

        return anchored;
    }

    /// <summary>
    /// A peer's report of a stall placed only in its attempt (no stamp on any line of its file) is
    /// moved to when its watchdog fired: the step counter's stop in that attempt plus the wait the
    /// line reports (or the longest any line reports). At the attempt's start — hours before the stall
    /// on a long attempt — thousands of such lines would stand before the failure that stalled them,
    /// beyond the linker's reach. Still a bound, not a stamp: the time stays inferred.
    /// </summary>
    /// <returns>How many lines were moved.</returns>
    public static int AtStall(IReadOnlyList<Observation> observations, IReadOnlySet<string> peerReported)
    {
        var stalls = CauseTiming.Stalls(observations);
        if (stalls.Count == 0)
        {
            return 0;
        }

        var longest = CauseTiming.LongestWait(observations);
        var moved = 0;
        foreach (var o in observations)
        {
            if (o.Attempt is null || o.Symptom.Timestamp is not { } lower || o.NotAfter is not { } upper || !peerReported.Contains(o.Symptom.Kind))
            {
                continue;
            }

            var wait = CauseTiming.WaitOf(o.Symptom, longest);
            if (CauseTiming.StallStart(stalls, lower - wait, upper - wait) is { } stall && stall + wait > lower)
            {
                o.Symptom = o.Symptom with { Timestamp = stall + wait };
                moved++;
            }
        }

        return moved;
    }

    private static (DateTimeOffset? First, DateTimeOffset? Last) OwnStamps(IReadOnlyList<Observation> observations)
    {
        DateTimeOffset? first = null, last = null;
        foreach (var o in observations)
        {
            if (!o.IsGroup && o.Symptom.Timestamp is { } t && !o.Symptom.TimeInferred)
            {
                first = first is { } f && f <= t ? f : t;
                last = last is { } l && l >= t ? l : t;
            }
        }

        return (first, last);
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
