namespace Triage.Collectors.Lines;

/// <summary>
/// Open MPI's <c>mpirun --tag-output</c> prefix, <c>[jobid,rank]&lt;stdout&gt;:</c> (also <c>&lt;stderr&gt;</c>,
/// <c>&lt;stddiag&gt;</c>), PRRTE's <c>[nspace@jobid,rank]&lt;stdout&gt;: </c>, and with
/// <c>--timestamp-output</c> the ctime stamp mpirun writes in front of the tag
/// (<c>Thu May  7 10:39:20 2020[1,1]&lt;stdout&gt;:Hello, World, I am 1 of 8</c>, open-mpi/ompi#7710; read as
/// UTC, mpirun writes no zone). Examples: <c>[1,0]&lt;stdout&gt;:Step #0	Loss: 2.324532</c>
/// (horovod/horovod#2527), <c>[prterun-f5n18-100629@1,2]&lt;stdout&gt;: f5n18</c> (openpmix/prrte#1405).
/// </summary>
/// <remarks>
/// The number after the comma is the MPI_COMM_WORLD rank of the process mpirun started. Like an
/// <c>srun --label</c> task id it is the training rank only while mpirun starts the ranks themselves
/// (not one torchrun per node), so it is recorded as the launcher's task id
/// (<see cref="LineFacts.TaskLabel"/>) and the extractor decides what it numbers (<c>SymptomFactory</c>).
/// mpirun adds it last, so it is only looked for as the outermost prefix.
/// </remarks>
internal static class MpiTagPrefix
{
    private const int MaxDigits = 9;
    private const int MaxNamespace = 128;

    public static bool TryMatch(ReadOnlySpan<char> s, int pos, ref LineFacts facts, out int next)
    {
        next = pos;
        var p = pos;
        DateTimeOffset? stamp = null;
        if (!Chars.At(s, p, '['))
        {
            if (!TryReadCtime(s, p, out stamp, out p) || !Chars.At(s, p, '['))
            {
                return false;
            }
        }

        p++;

        // PRRTE: "nspace@" before the job id.
        var window = s.Slice(p, Math.Min(MaxNamespace, s.Length - p));
        var at = window.IndexOfAny('@', ']');
        if (at > 0 && window[at] == '@')
        {
            p += at + 1;
        }

        var jobDigits = Chars.ReadNumber(s, p, MaxDigits, out _);
        p += jobDigits;
        if (jobDigits == 0 || !Chars.At(s, p, ','))
        {
            return false;
        }

        var rankDigits = Chars.ReadNumber(s, p + 1, MaxDigits, out var rank);
        p += 1 + rankDigits;
        if (rankDigits == 0 || !Chars.At(s, p, ']') || !Chars.At(s, p + 1, '<'))
        {
            return false;
        }

        p += 2;
        int tag;
        if (Chars.StartsWith(s, p, "stdout>:") || Chars.StartsWith(s, p, "stderr>:"))
        {
            tag = 8;
        }
        else if (Chars.StartsWith(s, p, "stddiag>:"))
        {
            tag = 9;
        }
        else
        {
            return false;
        }

        p += tag;
        facts.SetTimestamp(stamp);
        facts.SetTaskLabel(rank);
        next = Chars.At(s, p, ' ') ? p + 1 : p;
        return true;
    }

    /// <summary><c>Thu May  7 10:39:20 2020</c> (C's ctime without the newline).</summary>
    private static bool TryReadCtime(ReadOnlySpan<char> s, int pos, out DateTimeOffset? stamp, out int end)
    {
        stamp = null;
        end = pos;
        if (!SyslogStamp.IsWeekday(s, pos) || !Chars.At(s, pos + 3, ' ')
            || !SyslogStamp.TryParse(s, pos + 4, out var month, out var day, out var time, out var p)
            || !Chars.At(s, p, ' ') || !Chars.TryReadFixed(s, p + 1, 4, out var year))
        {
            return false;
        }

        stamp = CivilTime.Create(year, month, day, time, 0);
        end = p + 5;
        return stamp is not null;
    }
}
