using System.Globalization;
using Triage.Symptoms;

namespace Triage.Rules.Causal;

/// <summary>
/// One piece of causal knowledge: a symptom matching <paramref name="Effect"/> is a consequence
/// (collateral) of a symptom matching <paramref name="Cause"/> when both share <paramref name="Scope"/>
/// and the effect falls in the window around the cause. Rules are directional. Immutable and
/// thread-safe. Equality compares the rule and its location, not its <see cref="Tests"/>.
/// </summary>
/// <param name="Id">Unique id across all causal rule files (a-z, 0-9, '_', '.', '-').</param>
/// <param name="Description">Why the effect follows the cause, in one or two sentences (shown as evidence).</param>
/// <param name="Cause">Which symptoms can be the upstream failure.</param>
/// <param name="Effect">Which symptoms can be its consequence.</param>
/// <param name="Scope">What cause and effect must share.</param>
/// <param name="Before">How long before the cause the effect may be stamped (clock skew between hosts; default 30 s in files).</param>
/// <param name="After">How long after the cause the effect may come (e.g. the NCCL watchdog timeout plus slack).</param>
public sealed record CausalRule(string Id, string Description, CausalMatch Cause, CausalMatch Effect, CausalScope Scope, TimeSpan Before, TimeSpan After)
{
    private readonly TimeSpan _before = NotNegative(Before, nameof(Before));
    private readonly TimeSpan _after = NotNegative(After, nameof(After));

    /// <summary>How long before the cause the effect may be stamped; never negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public TimeSpan Before
    {
        get => _before;
        init => _before = NotNegative(value, nameof(Before));
    }

    /// <summary>How long after the cause the effect may come; never negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public TimeSpan After
    {
        get => _after;
        init => _after = NotNegative(value, nameof(After));
    }

    /// <summary>The file the rule was read from, as named to the loader; empty for rules built in code.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>1-based line of the rule in <see cref="File"/>, or 0.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the rule in <see cref="File"/>, or 0.</summary>
    public int Column { get; init; }

    /// <summary>The rule's own tests from its file (empty for rules built in code).</summary>
    public IReadOnlyList<CausalTestCase> Tests { get; init; } = [];

    /// <summary>The window as text, e.g. <c>-30s..+40m</c>.</summary>
    public string WindowText => $"-{Duration.Format(Before)}..+{Duration.Format(After)}";

    /// <summary>
    /// True when <paramref name="effect"/> is explained by <paramref name="cause"/> under this rule:
    /// the cause matches <see cref="Cause"/>, the effect matches <see cref="Effect"/>, both belong to the
    /// same run, the scope holds (see <see cref="ScopeHolds"/>) and the effect's time lies in
    /// [cause − <see cref="Before"/>, cause + <see cref="After"/>] (both times known). A symptom never
    /// explains itself (same <see cref="Symptom.Id"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException">A symptom is null.</exception>
    public bool Explains(Symptom cause, Symptom effect)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(effect);
        return !string.Equals(cause.Id, effect.Id, StringComparison.Ordinal)
            && string.Equals(cause.Run, effect.Run, StringComparison.Ordinal)
            && InWindow(cause, effect)
            && ScopeHolds(Scope, cause, effect)
            && Effect.Matches(effect)
            && Cause.Matches(cause);
    }

    /// <summary>
    /// Whether two symptoms share <paramref name="scope"/>: <see cref="CausalScope.Run"/> always (the run
    /// is checked separately); Host: both hosts known and equal; Gpu: same known host and same known
    /// GPU; Rank: both ranks known and equal; Process: same known host and same known pid.
    /// Names compare ordinally.
    /// </summary>
    /// <exception cref="ArgumentNullException">A symptom is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scope"/> is not a defined member.</exception>
    public static bool ScopeHolds(CausalScope scope, Symptom a, Symptom b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return scope switch
        {
            CausalScope.Run => true,
            CausalScope.Host => SameHost(a, b),
            CausalScope.Gpu => SameHost(a, b) && a.Gpu is { } ga && b.Gpu is { } gb && ga == gb,
            CausalScope.Rank => a.Rank is { } ra && b.Rank is { } rb && ra == rb,
            CausalScope.Process => SameHost(a, b) && a.Pid is { } pa && b.Pid is { } pb && pa == pb,
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "undefined causal scope"),
        };
    }

    /// <summary>Why this rule does not explain the pair (for test failure messages), or null when it does.</summary>
    internal string? WhyNot(Symptom cause, Symptom effect)
    {
        if (string.Equals(cause.Id, effect.Id, StringComparison.Ordinal))
        {
            return "a symptom never explains itself";
        }

        if (!Cause.Matches(cause))
        {
            return $"the cause ({cause.Kind}, {Names.Of(cause.Category)}, {Names.Of(cause.Severity)}) does not match {Cause}";
        }

        if (!Effect.Matches(effect))
        {
            return $"the effect ({effect.Kind}, {Names.Of(effect.Category)}, {Names.Of(effect.Severity)}) does not match {Effect}";
        }

        if (!string.Equals(cause.Run, effect.Run, StringComparison.Ordinal))
        {
            return $"different runs ('{cause.Run}', '{effect.Run}')";
        }

        if (!ScopeHolds(Scope, cause, effect))
        {
            return $"scope {Names.Of(Scope)} does not hold";
        }

        if (cause.Timestamp is not { } causeTime || effect.Timestamp is not { } effectTime)
        {
            return "a time is missing";
        }

        if (!InWindow(cause, effect))
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"the effect is {Duration.Format(effectTime - causeTime)} from the cause, outside the window -{Duration.Format(Before)}..+{Duration.Format(After)}");
        }

        return null;
    }

    /// <summary>Equal when id, description, both matches, scope, window and location are equal; tests are not compared.</summary>
    public bool Equals(CausalRule? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Cause.Equals(other.Cause)
        && Effect.Equals(other.Effect)
        && Scope == other.Scope
        && Before == other.Before
        && After == other.After
        && string.Equals(File, other.File, StringComparison.Ordinal)
        && Line == other.Line
        && Column == other.Column;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Cause, Effect, Scope, Before, After, File, Line);

    /// <summary><c>id: cause → effect (scope, -before..+after)</c>.</summary>
    public override string ToString() =>
        $"{Id}: {Cause} → {Effect} ({Names.Of(Scope)}, {WindowText})";

    private bool InWindow(Symptom cause, Symptom effect)
    {
        if (cause.Timestamp is not { } causeTime || effect.Timestamp is not { } effectTime)
        {
            return false;
        }

        // DateTimeOffset's range is far inside TimeSpan's, so the difference cannot overflow.
        var delta = effectTime.UtcDateTime - causeTime.UtcDateTime;
        return delta >= -Before && delta <= After + WaitBeyondDefault(effect);
    }

    /// <summary>
    /// torch's default collective timeout, which the built-in windows assume (a peer's watchdog
    /// fires that long after the failure that stalled it, plus slack).
    /// </summary>
    public static readonly TimeSpan DefaultCollectiveTimeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How much later than the built-in windows allow <paramref name="effect"/> may come: a line
    /// that says how long its collective waited (<c>ran_ms</c>, from "ran for N milliseconds before
    /// timing out") under a timeout longer than <see cref="DefaultCollectiveTimeout"/> (60-120 min are
    /// common at scale) moves the window's end by the difference; zero otherwise.
    /// </summary>
    public static TimeSpan WaitBeyondDefault(Symptom effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return effect.Attrs.TryGetValue("ran_ms", out var ran)
            && long.TryParse(ran, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            && ms is > 0 and < 7L * 24 * 3600 * 1000
            && TimeSpan.FromMilliseconds(ms) - DefaultCollectiveTimeout is { Ticks: > 0 } extra
                ? extra
                : TimeSpan.Zero;
    }

    private static TimeSpan NotNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "must not be negative");

    private static bool SameHost(Symptom a, Symptom b) =>
        a.Host is not null && b.Host is not null && string.Equals(a.Host, b.Host, StringComparison.Ordinal);
}
