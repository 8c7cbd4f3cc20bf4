using System.Text.RegularExpressions;

namespace Triage.Rules.Matching;

/// <summary>
/// A rule regex that cannot hang: <see cref="RegexOptions.NonBacktracking"/> (linear time) when the
/// pattern allows it, otherwise a compiled backtracking regex with <see cref="RuleLimits.RegexTimeout"/>
/// where a timeout counts as "no match". Thread-safe.
/// Building a non-backtracking matcher costs 10–100 ms per pattern (measured: about 1 s for the
/// built-in rules), so a pattern is only parsed (syntax, group names) when loaded and its matcher
/// is built on first use: a run pays only for the rules its logs trigger.
/// Captures are where the non-backtracking engine is slow (measured 12 µs per matching line over
/// the built-in rules, 33 µs for the Xid rule), so once the linear engine says a line matches, the
/// groups are taken with a compiled backtracking twin under a short timeout; a twin that keeps
/// timing out (at least <see cref="TwinTimeoutsToDrop"/> times, and on more than one match in a
/// thousand) is dropped and the linear engine takes the groups from then on. Worst case per line
/// stays linear plus one short timeout, and a pattern that backtracks on every line pays that
/// <see cref="TwinTimeoutsToDrop"/> times. A single timeout does not drop the twin: the timeout is
/// wall-clock time, so on a loaded machine a thread descheduled in the middle of an ordinary match
/// (or the first match, which compiles the twin's code) times out too; dropping the twin for that
/// made every later match of the pattern take the linear engine's slow captures (measured
/// 2026-12-07: 23 % of extraction time at 2 % failure lines under a load average of 10).
/// </summary>
internal sealed class SafeRegex
{
    /// <summary>Twin timeouts before the twin can be dropped.</summary>
    internal const int TwinTimeoutsToDrop = 8;

    private static readonly TimeSpan TwinTimeout = TimeSpan.FromMilliseconds(5);
    private readonly Lazy<(Regex Regex, bool IsBacktracking)> _engine;
    private readonly Lazy<Regex?> _twin;
    private long _timeouts;
    private long _twinMatches;
    private long _twinTimeouts;
    private volatile bool _twinDropped;

    private SafeRegex(Regex parsed, string pattern, RegexOptions options)
    {
        Pattern = pattern;
        _engine = new Lazy<(Regex, bool)>(() => Build(pattern, options), LazyThreadSafetyMode.ExecutionAndPublication);
        _twin = new Lazy<Regex?>(
            () => _engine.Value.IsBacktracking ? null : new Regex(pattern, options | RegexOptions.Compiled, TwinTimeout),
            LazyThreadSafetyMode.ExecutionAndPublication);
        var regex = parsed;
        var names = new List<string>();
        foreach (var name in regex.GetGroupNames())
        {
            // Numbered groups ("0", "1", ...) are not attributes; only named ones are.
            if (!char.IsAsciiDigit(name[0]))
            {
                names.Add(name);
            }
        }

        GroupNames = names;
    }

    public string Pattern { get; }

    /// <summary>True when the pattern needs the backtracking engine (with a timeout). Builds the matcher.</summary>
    public bool IsBacktracking => _engine.Value.IsBacktracking;

    /// <summary>Named groups, in pattern order.</summary>
    public IReadOnlyList<string> GroupNames { get; }

    /// <summary>Timeouts so far (each one counted as no match).</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <exception cref="ArgumentException">The pattern is not a valid .NET regex.</exception>
    public static SafeRegex Create(string pattern, bool ignoreCase)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);

        // The interpreter's constructor only parses: cheap, and it reports syntax errors now.
        return new SafeRegex(new Regex(pattern, options, RuleLimits.RegexTimeout), pattern, options);
    }

    private static (Regex, bool) Build(string pattern, RegexOptions options)
    {
        try
        {
            return (new Regex(pattern, options | RegexOptions.NonBacktracking), false);
        }
        catch (NotSupportedException)
        {
            // Lookarounds, backreferences, atomic groups and very large patterns are refused by the
            // non-backtracking engine; a bounded backtracking regex is the documented fallback.
            return (new Regex(pattern, options | RegexOptions.Compiled, RuleLimits.RegexTimeout), true);
        }
    }

    /// <summary>Matches <paramref name="input"/>; a timeout gives a failed match and sets <paramref name="timedOut"/>.</summary>
    public Match Match(string input, ref long timedOut)
    {
        try
        {
            var (regex, isBacktracking) = _engine.Value;
            if (isBacktracking || _twinDropped)
            {
                return regex.Match(input);
            }

            if (!regex.IsMatch(input))
            {
                return System.Text.RegularExpressions.Match.Empty;
            }

            return MatchWithTwin(regex, input);
        }
        catch (RegexMatchTimeoutException)
        {
            Interlocked.Increment(ref _timeouts);
            timedOut++;
            return System.Text.RegularExpressions.Match.Empty;
        }
    }

    /// <summary>Tests <paramref name="input"/> without allocating; a timeout is no match.</summary>
    public bool IsMatch(ReadOnlySpan<char> input, ref long timedOut)
    {
        try
        {
            return _engine.Value.Regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            Interlocked.Increment(ref _timeouts);
            timedOut++;
            return false;
        }
    }

    /// <summary>True while the captures come from the backtracking twin (false for a backtracking pattern).</summary>
    internal bool UsesTwin => !_engine.Value.IsBacktracking && !_twinDropped;

    private Match MatchWithTwin(Regex linear, string input)
    {
        var matches = Interlocked.Increment(ref _twinMatches);
        try
        {
            return _twin.Value!.Match(input);
        }
        catch (RegexMatchTimeoutException)
        {
            var timeouts = Interlocked.Increment(ref _twinTimeouts);
            if (timeouts >= TwinTimeoutsToDrop && timeouts * 1000 > matches)
            {
                _twinDropped = true;
            }

            return linear.Match(input);
        }
    }
}
