using System.Globalization;
using Triage.Symptoms;

namespace Triage.Correlation.Engine;

/// <summary>
/// How near a possible cause is to the moment an effect's trouble began, and how much an unknown
/// line (<c>log.unknown</c>) must beat a known failure by: the time measures the linker uses to
/// choose among causes that explain an effect equally well.
/// </summary>
internal static class CauseTiming
{
    /// <summary>
    /// A line no rule knows (<c>log.unknown</c>) is a weaker cause than a known failure: a known
    /// failure that explains the same effect wins unless the unknown line is clearly closer to the
    /// effect's onset (<see cref="UnknownHandicap"/>), so a new message does not take a cascade from a crash.
    /// </summary>
    public static bool IsUnknown(Symptom s) => s.Kind == UnknownEvidence.Kind;

    /// <summary>
    /// Whether <paramref name="a"/> is the better cause of the two when exactly one is an unknown
    /// line: a known failure wins unless the unknown line is clearly closer to when the effect's
    /// trouble began (a crash 13 minutes before the collective started did not stall it).
    /// </summary>
    public static bool KnownFirst(Symptom a, Symptom b, DateTimeOffset expected) =>
        Distance(a, expected) + (IsUnknown(a) ? UnknownHandicap : TimeSpan.Zero) < Distance(b, expected) + (IsUnknown(b) ? UnknownHandicap : TimeSpan.Zero);

    /// <summary>How far a cause is from the expected moment; an inherited time is only a lower bound, so one before it may be right on it.</summary>
    public static TimeSpan Distance(Symptom cause, DateTimeOffset expected)
    {
        if (cause.TimeInferred && cause.Timestamp <= expected)
        {
            return TimeSpan.Zero;
        }

        // A straggler is slow from its onset until its last slow step: it is as near to a stall
        // that began in that span, or just after it, as its last slow step is.
        if (cause.Timestamp <= expected && cause.Attrs.TryGetValue("last_slow_time", out var last)
            && DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
        {
            return until >= expected ? TimeSpan.Zero : expected - until;
        }

        return (cause.Timestamp!.Value - expected).Duration();
    }

    /// <summary>How much closer to the effect's onset an unknown line must be to win over a known failure.</summary>
    public static readonly TimeSpan UnknownHandicap = TimeSpan.FromMinutes(2);

    /// <summary>How long a watchdog line says its collective ran (zero for other lines).</summary>
    public static TimeSpan RanFor(Symptom s) =>
        s.Attrs.TryGetValue("ran_ms", out var ran) && long.TryParse(ran, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.Zero;

    /// <summary>The longest any watchdog line says its collective ran (zero when none says).</summary>
    public static TimeSpan LongestWait(IReadOnlyList<Observation> observations) =>
        observations.Count == 0 ? TimeSpan.Zero : observations.Max(o => RanFor(o.Symptom));

    /// <summary>How long <paramref name="s"/>'s collective ran, or <paramref name="longest"/> for a report that does not say (NCCL's "Some NCCL operations have failed").</summary>
    public static TimeSpan WaitOf(Symptom s, TimeSpan longest) => RanFor(s) is var own && own > TimeSpan.Zero ? own : longest;

    /// <summary>The kind the metrics report when the step counter stopped while the processes went on (its time: the last step).</summary>
    private const string StallKind = "train.hang";

    /// <summary>When the metrics saw the step counter stop, in time order.</summary>
    public static List<DateTimeOffset> Stalls(IEnumerable<Observation> observations) =>
        observations.Where(o => o.Symptom.Kind == StallKind && o.Symptom.Timestamp is not null).Select(o => o.Symptom.Timestamp!.Value).Order().ToList();

    /// <summary>The latest stop of the step counter between <paramref name="from"/> and <paramref name="to"/>, if the metrics saw one.</summary>
    public static DateTimeOffset? StallStart(List<DateTimeOffset> stalls, DateTimeOffset from, DateTimeOffset to)
    {
        for (var k = stalls.Count - 1; k >= 0; k--)
        {
            if (stalls[k] <= to)
            {
                return stalls[k] >= from ? stalls[k] : null;
            }
        }

        return null;
    }
}
