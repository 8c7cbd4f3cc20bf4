namespace Triage.Collectors.Lines;

/// <summary>
/// The stream tag a test harness or job runner writes before each line it relays from a child:
/// <c>stderr: </c> / <c>stdout: </c> (Open MPI's MTT, indented by its report) and <c>[stderr] </c> /
/// <c>[stdout] </c>. What follows is the child's line, read by the next layers and the rules.
/// </summary>
internal static class StreamTagPrefix
{
    private const int MaxIndent = 8;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, out int next)
    {
        next = pos;
        var p = Chars.SkipSpaces(s, pos, MaxIndent);
        var rest = s[p..];
        int length;
        if (rest.StartsWith("stderr: ", StringComparison.Ordinal) || rest.StartsWith("stdout: ", StringComparison.Ordinal))
        {
            length = 8;
        }
        else if (rest.StartsWith("[stderr] ", StringComparison.Ordinal) || rest.StartsWith("[stdout] ", StringComparison.Ordinal))
        {
            length = 9;
        }
        else
        {
            return false;
        }

        next = p + length;
        return next < s.Length;
    }
}
