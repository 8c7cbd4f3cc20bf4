namespace Triage.Collectors.Lines;

/// <summary>
/// A stamp alone in front of a relayed line, added by whatever piped the job's output to a file: moreutils'
/// <c>ts</c> (<c>May 11 14:10:52 msg</c>, no host), a bracketed date and time to the second (<c>[2024-05-11 14:10:52]
/// msg</c>, also NCCL's default <c>NCCL_DEBUG_TIMESTAMP_FORMAT</c> before its header and Megatron's before its
/// iteration lines when nothing relays them; Python logging's bracketed stamp
/// with milliseconds opens the message and stays in it, see <see cref="ContentStamp"/>) and an ISO stamp with the
/// <c>T</c> (<c>2024-05-11T14:10:52+0000 msg</c>). Tried last, outermost only: a syslog or journal header with a
/// host and tag is <see cref="SyslogHeader"/>'s, a container runtime's <c>Z</c> stamp <see cref="ContainerStamp"/>'s.
/// What follows is the relayed line, read by the next layers and the rules (which may anchor at its start).
/// </summary>
internal static class LeadingStamp
{
    public static bool TryMatch(ReadOnlySpan<char> s, int pos, DateTimeOffset referenceUtc, ref LineFacts facts, out int next)
    {
        next = pos;
        DateTimeOffset? stamp;
        int end;
        if (Chars.At(s, pos, '['))
        {
            // "[2024-05-11 14:10:52] ": to the second, as ts and NCCL print it. Python logging's
            // "[2024-05-11 14:10:52,123] " (milliseconds) opens the message itself and stays in it.
            if (!IsoStamp.TryParse(s, pos + 1, requireT: false, out stamp, out end) || end != pos + 20 || !Chars.At(s, end, ']'))
            {
                return false;
            }

            end++;
        }
        else if (IsoStamp.TryParse(s, pos, requireT: true, out stamp, out end))
        {
        }
        else if (SyslogStamp.TryParse(s, pos, out var month, out var day, out var time, out end))
        {
            stamp = CivilTime.CreateWithoutYear(referenceUtc, month, day, time);
        }
        else
        {
            return false;
        }

        if (!Chars.At(s, end, ' ') || end + 1 >= s.Length)
        {
            return false;
        }

        if (stamp is { } value)
        {
            facts.SetTimestamp(value);
        }

        next = end + 1;
        return true;
    }
}
