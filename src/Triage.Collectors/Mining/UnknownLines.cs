using System.Buffers;
using Triage.Symptoms;

namespace Triage.Collectors.Mining;

/// <summary>
/// Which lines no rule matched are worth mining: those at warning level or above, or with a generic
/// failure word (<c>error, fail, fatal, exception, panic, abort, timeout, timed out, refused,
/// denied, unreachable, corrupt, critical, warn</c>, any case, at the start of a word). <see cref="Literals"/> are added
/// to the extractor's literal scan so such lines are decoded at all. Thread-safe (immutable).
/// </summary>
internal static class UnknownLines
{
    /// <summary>Case-sensitive fragments that find every candidate line (a superset; <see cref="SeverityOf"/> decides).</summary>
    public static IReadOnlyList<string> Literals { get; } =
    [
        "rror", "RROR", "fail", "Fail", "FAIL", "atal", "ATAL", "xception", "anic", "ANIC", "bort", "BORT",
        "imeout", "imed out", "efused", "enied", "nreachable", "orrupt", "ritical", "RITICAL", "warn", "Warn", "WARN",
    ];

    private static readonly SearchValues<string> ErrorWords = SearchValues.Create(
        ["error", "fail", "fatal", "exception", "panic", "abort", "timeout", "timed out", "refused", "denied", "unreachable", "corrupt", "critical"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> WarningWords = SearchValues.Create(["warn"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Error for failure words or a glog <c>E</c>/<c>F</c> line, warning for warnings, else null (not a candidate).</summary>
    public static Severity? SeverityOf(ReadOnlySpan<char> content)
    {
        if (HasWord(content, ErrorWords) || IsGlog(content, 'E') || IsGlog(content, 'F'))
        {
            return Severity.Error;
        }

        return HasWord(content, WarningWords) || IsGlog(content, 'W') ? Severity.Warning : null;
    }

    /// <summary>A word that starts one of <paramref name="words"/>: <c>failed</c> counts, <c>checkTimeout</c> and <c>nofail</c> do not.</summary>
    private static bool HasWord(ReadOnlySpan<char> content, SearchValues<string> words)
    {
        var from = 0;
        while (from < content.Length)
        {
            var at = content[from..].IndexOfAny(words);
            if (at < 0)
            {
                return false;
            }

            at += from;
            if (at == 0 || !char.IsLetter(content[at - 1]))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>glog's <c>E0102 13:45:00.123456 ...</c> level letter followed by MMDD.</summary>
    private static bool IsGlog(ReadOnlySpan<char> content, char level) =>
        content.Length > 6 && content[0] == level && char.IsAsciiDigit(content[1]) && char.IsAsciiDigit(content[2])
        && char.IsAsciiDigit(content[3]) && char.IsAsciiDigit(content[4]) && content[5] == ' ';
}
