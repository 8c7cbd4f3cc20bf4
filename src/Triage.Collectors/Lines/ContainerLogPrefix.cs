namespace Triage.Collectors.Lines;

/// <summary>
/// The prefix a container tool writes in front of each line it relays from several containers:
/// docker compose's service column, <c>trainer-1  | text</c> (v1: <c>project_trainer_1  | text</c>; swarm:
/// <c>stack_c1.0.8ebgoxao0lxa@142dev | text</c>), and <c>kubectl logs --prefix</c>'s
/// <c>[pod/trainer-worker-3/pytorch] text</c>. The container (or pod) is the line's host.
/// </summary>
/// <remarks>
/// Only as the outermost prefix, and only a name that reads as a container's: compose names end in the replica
/// index (<c>-1</c>, <c>_1</c>) or carry swarm's <c>@node</c>, so a table row (<c>6a | 04/12/2024 | ...</c>, <c>| GPU
/// Name ... |</c>) or prose with a pipe is not this prefix; kubectl's is <c>[pod/NAME/CONTAINER] </c> exactly.
/// </remarks>
internal static class ContainerLogPrefix
{
    private const int MaxNameLength = 128;
    private const int MaxPadding = 40;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        return TryKubectl(s, pos, ref facts, out next) || TryCompose(s, pos, ref facts, out next);
    }

    private static bool TryKubectl(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        if (!Chars.StartsWith(s, pos, "[pod/"))
        {
            return false;
        }

        var nameStart = pos + 5;
        var p = nameStart;
        var slash = -1;
        while (p < s.Length && p - nameStart <= MaxNameLength && s[p] != ']')
        {
            if (s[p] == '/')
            {
                if (slash >= 0)
                {
                    return false;
                }

                slash = p;
            }
            else if (!char.IsAsciiLetterOrDigit(s[p]) && s[p] is not '-' and not '.' and not '_')
            {
                return false;
            }

            p++;
        }

        if (slash <= nameStart || slash == p - 1 || !Chars.At(s, p, ']') || !Chars.At(s, p + 1, ' ') || p + 2 >= s.Length)
        {
            return false;
        }

        facts.SetHost(nameStart, slash - nameStart);
        next = p + 2;
        return true;
    }

    private static bool TryCompose(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        if (!Chars.LetterAt(s, pos))
        {
            return false;
        }

        var p = pos;
        var at = -1;
        while (p < s.Length && p - pos <= MaxNameLength && (char.IsAsciiLetterOrDigit(s[p]) || s[p] is '-' or '_' or '.' or '@'))
        {
            if (s[p] == '@')
            {
                if (at >= 0)
                {
                    return false;
                }

                at = p;
            }

            p++;
        }

        var nameEnd = p;
        var name = s[pos..nameEnd];
        if (name.Length < 3 || !((at > pos + 1 && at < nameEnd - 1) || EndsWithReplicaIndex(name)))
        {
            return false;
        }

        // One or more spaces of padding, then "| ".
        var bar = Chars.SkipSpaces(s, nameEnd, MaxPadding);
        if (bar == nameEnd || !Chars.At(s, bar, '|') || !Chars.At(s, bar + 1, ' ') || bar + 2 >= s.Length)
        {
            return false;
        }

        facts.SetHost(pos, (at > 0 ? at : nameEnd) - pos);
        next = bar + 2;
        return true;
    }

    // "trainer-1", "project_trainer_1": a separator, then only digits to the end.
    private static bool EndsWithReplicaIndex(ReadOnlySpan<char> name)
    {
        var i = name.Length;
        while (i > 0 && char.IsAsciiDigit(name[i - 1]))
        {
            i--;
        }

        return i < name.Length && i >= 2 && name[i - 1] is '-' or '_';
    }
}
