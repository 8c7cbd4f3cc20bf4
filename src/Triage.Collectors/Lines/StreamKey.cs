using System.Globalization;

namespace Triage.Collectors.Lines;

/// <summary>
/// Builds <see cref="LineInfo.StreamKey"/>: the identity parts the transport prefixes gave, joined with <c>/</c>
/// in a fixed order: host, syslog tag, <c>t</c>+srun task, <c>l</c>+local rank, <c>r</c>+rank, <c>p</c>+pid.
/// Stamps inside the message (glog pids) are left out, so that a traceback printed under a glog line by
/// the same writer keeps the key of that line.
/// </summary>
internal static class StreamKey
{
    // Host (253) + tag (64) + four numbers with separators fit easily.
    private const int MaxLength = 400;

    public static string Build(ReadOnlySpan<char> line, in LineFacts facts, StringCache cache)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        var length = 0;
        Append(buffer, ref length, line.Slice(facts.HostStart, facts.HostLength));
        Append(buffer, ref length, line.Slice(facts.TagStart, facts.TagLength));
        Append(buffer, ref length, 't', facts.TaskLabel);
        Append(buffer, ref length, 'l', facts.LocalRank);
        Append(buffer, ref length, 'r', facts.Rank);
        Append(buffer, ref length, 'p', facts.StreamPid);
        return cache.Get(buffer[..length]);
    }

    private static void Append(Span<char> buffer, ref int length, ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        if (length > 0)
        {
            buffer[length++] = '/';
        }

        part.CopyTo(buffer[length..]);
        length += part.Length;
    }

    private static void Append(Span<char> buffer, ref int length, char label, int? value)
    {
        if (value is not { } number)
        {
            return;
        }

        if (length > 0)
        {
            buffer[length++] = '/';
        }

        buffer[length++] = label;
        number.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
    }
}
