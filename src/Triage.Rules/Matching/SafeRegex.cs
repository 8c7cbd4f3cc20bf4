using System.Text.RegularExpressions;

namespace Triage.Rules.Matching;

/// <summary>
/// A rule regex that cannot hang: <see cref="RegexOptions.NonBacktracking"/> (linear time) when the
/// pattern allows it, otherwise a compiled backtracking regex with <see cref="RuleLimits.RegexTimeout"/>
/// where a timeout counts as "no match". Thread-safe.
/// Building a non-backtracking matcher costs 10–100 ms per pattern (measured: about 1 s for the
/// built-in rules), so a pattern is only parsed (syntax, group names) when loaded and its matcher
/// is built on first use: a run pays only for the rules its logs trigger.
/// </summary>
internal sealed class SafeRegex
{
    private readonly Lazy<(Regex Regex, bool IsBacktracking)> _engine;
    private long _timeouts;

    private SafeRegex(Regex parsed, string pattern, RegexOptions options)
    {
        Pattern = pattern;
        _engine = new Lazy<(Regex, bool)>(() => Build(pattern, options), LazyThreadSafetyMode.ExecutionAndPublication);
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
            return _engine.Value.Regex.Match(input);
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
}
