using System.Text.RegularExpressions;

namespace Triage.Rules.Matching;

/// <summary>
/// A rule regex that cannot hang: <see cref="RegexOptions.NonBacktracking"/> (linear time) when the
/// pattern allows it, otherwise a compiled backtracking regex with <see cref="RuleLimits.RegexTimeout"/>
/// where a timeout counts as "no match". Thread-safe.
/// </summary>
internal sealed class SafeRegex
{
    private readonly Regex _regex;
    private long _timeouts;

    private SafeRegex(Regex regex, string pattern, bool isBacktracking)
    {
        _regex = regex;
        Pattern = pattern;
        IsBacktracking = isBacktracking;
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

    /// <summary>True when the pattern needed the backtracking engine (with a timeout).</summary>
    public bool IsBacktracking { get; }

    /// <summary>Named groups, in pattern order.</summary>
    public IReadOnlyList<string> GroupNames { get; }

    /// <summary>Timeouts so far (each one counted as no match).</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <exception cref="ArgumentException">The pattern is not a valid .NET regex.</exception>
    public static SafeRegex Create(string pattern, bool ignoreCase)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return new SafeRegex(new Regex(pattern, options | RegexOptions.NonBacktracking), pattern, isBacktracking: false);
        }
        catch (NotSupportedException)
        {
            // Lookarounds, backreferences, atomic groups and very large patterns are refused by the
            // non-backtracking engine; a bounded backtracking regex is the documented fallback.
            var regex = new Regex(pattern, options | RegexOptions.Compiled, RuleLimits.RegexTimeout);
            return new SafeRegex(regex, pattern, isBacktracking: true);
        }
    }

    /// <summary>Matches <paramref name="input"/>; a timeout gives a failed match and sets <paramref name="timedOut"/>.</summary>
    public Match Match(string input, ref long timedOut)
    {
        try
        {
            return _regex.Match(input);
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
            return _regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            Interlocked.Increment(ref _timeouts);
            timedOut++;
            return false;
        }
    }
}
