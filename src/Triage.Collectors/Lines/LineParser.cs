namespace Triage.Collectors.Lines;

/// <summary>
/// Reads who wrote a log line and when from the prefixes that launchers, libraries and log transports put in
/// front of it, peeling them outermost first (e.g. srun label, then torchrun local rank, then rank, then an
/// NCCL header), at most <see cref="MaxLayers"/> deep. Where layers disagree the outermost wins.
/// </summary>
/// <remarks>
/// Never throws on any input and only looks at a bounded window at the start of the line, so its cost does
/// not grow with the line. Host names and stream keys repeat from line to line and come from a small cache,
/// so a parse allocates at most those two strings. Not thread-safe: use one instance per file.
/// </remarks>
internal sealed class LineParser
{
    /// <summary>Most prefixes peeled from one line (colour escapes included).</summary>
    public const int MaxLayers = 6;

    private const int CacheSize = 32;

    /// <summary>Most indentation taken in front of a transport prefix.</summary>
    private const int MaxIndent = 16;

    private readonly DateTimeOffset _referenceUtc;
    private readonly StringCache _strings = new(CacheSize);

    /// <summary>Creates a parser for one file.</summary>
    /// <param name="referenceTime">Time the file was last written; stamps without a year are placed before it
    /// (see <see cref="CivilTime.CreateWithoutYear"/>).</param>
    public LineParser(DateTimeOffset referenceTime)
    {
        _referenceUtc = referenceTime.ToUniversalTime();
    }

    /// <summary>Parses one line (without its line terminator).</summary>
    public LineInfo Parse(ReadOnlySpan<char> line)
    {
        var facts = default(LineFacts);
        var pos = 0;
        var outermost = true;
        for (var layer = 0; layer < MaxLayers && pos < line.Length; layer++)
        {
            if (AnsiEscape.TryMatch(line, pos, out var next))
            {
                pos = next;
                continue;
            }

            // A container runtime's or log shipper's stamp is added outside everything the job wrote,
            // and a Markdown quote marker ("> ") outside everything a report pasted, so the launcher
            // prefixes after them still count as outermost.
            if (outermost && (ContainerStamp.TryMatch(line, pos, ref facts, out next) || TryQuoteMarker(line, pos, out next)))
            {
                pos = next;
                continue;
            }

            var peeled = TryPeel(line, pos, outermost, ref facts, out next);
            if (!peeled && (Chars.At(line, pos, ' ') || Chars.At(line, pos, '\t')))
            {
                // A line pasted indented (a code block, a list item): the indentation is taken with the
                // transport prefix after it, and only then (a bare indented message keeps its
                // indentation, which multi-line blocks read).
                var indented = Chars.SkipSpaces(line, pos, MaxIndent);
                while (indented < line.Length && indented - pos < MaxIndent && line[indented] == '\t')
                {
                    indented++;
                }

                peeled = indented > pos && TryPeel(line, indented, outermost, ref facts, out next);
            }

            if (!peeled)
            {
                // NCCL's header is the last one: what follows is NCCL's own message.
                if (NcclPrefix.TryMatch(line, pos, ref facts, out next))
                {
                    pos = next;
                }

                break;
            }

            outermost = false;
            pos = next;
        }

        ContentStamp.Read(line, pos, _referenceUtc, ref facts);
        var host = facts.HostLength > 0 ? _strings.Get(line.Slice(facts.HostStart, facts.HostLength)) : null;
        return new LineInfo(
            pos,
            facts.Timestamp,
            host,
            facts.Rank,
            facts.LocalRank,
            facts.Gpu,
            facts.Pid,
            facts.UptimeSeconds,
            StreamKey.Build(line, facts, _strings))
        {
            TaskLabel = facts.TaskLabel,
            Level = facts.Level,
        };
    }

    private bool TryPeel(ReadOnlySpan<char> line, int pos, bool outermost, ref LineFacts facts, out int next)
    {
        // Launchers that relay a whole process's output add their prefix last (outermost):
        // srun --label, mpirun --tag-output, pdsh's host, docker compose's and kubectl logs --prefix's container.
        return (outermost && (SrunLabel.TryMatch(line, pos, ref facts, out next)
                || MpiTagPrefix.TryMatch(line, pos, ref facts, out next)
                || HostPrefix.TryMatch(line, pos, ref facts, out next)
                || ContainerLogPrefix.TryMatch(line, pos, ref facts, out next)))
            || TorchRankPrefix.TryMatch(line, pos, ref facts, out next)
            || RayActorPrefix.TryMatch(line, pos, ref facts, out next)
            || StreamTagPrefix.TryMatch(line, pos, out next)
            || SyslogHeader.TryMatch(line, pos, _referenceUtc, ref facts, out next)
            || DmesgLevelPrefix.TryMatch(line, pos, ref facts, out next)
            || KernelStamp.TryMatch(line, pos, ref facts, out next)
            || (outermost && LeadingStamp.TryMatch(line, pos, _referenceUtc, ref facts, out next));
    }

    /// <summary>A Markdown quote marker a report put before a pasted line: "> " or "&gt;" (up to 3 spaces before it).</summary>
    private static bool TryQuoteMarker(ReadOnlySpan<char> line, int pos, out int next)
    {
        next = pos;
        var p = Chars.SkipSpaces(line, pos, 3);
        if (!Chars.At(line, p, '>'))
        {
            return false;
        }

        p++;
        if (Chars.At(line, p, ' '))
        {
            p++;
        }

        if (p >= line.Length || line[p] == '>' || line[p] == '=')
        {
            return false;
        }

        next = p;
        return true;
    }
}
