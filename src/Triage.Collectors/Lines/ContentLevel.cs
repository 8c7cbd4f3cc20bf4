namespace Triage.Collectors.Lines;

/// <summary>
/// The level a message gives itself near its start: glog/klog <c>E0321 02:07:08...</c>, TensorFlow's and
/// absl's <c>2018-06-27 21:10:37.421198: F tensorflow/...cc:203]</c> and torch's
/// bracketed <c>[W321 ...]</c> / <c>[I ProcessGroupNCCL.cpp:850]</c>, <c>NCCL INFO</c> / <c>NCCL WARN</c>,
/// logfmt and JSON <c>level=info</c> / <c>"level":"warn"</c>, Python logging (<c>INFO:name:</c>,
/// <c>[INFO]</c>, <c>- WARNING -</c>, <c>| ERROR |</c>, <c>... 12345 INFO  text</c>), one-letter tags
/// (<c>[2025-09-11 ...][I][module]</c>), c10d's <c>[c10d - debug]</c> and Kubernetes event rows
/// (<c>Normal   Pulled ...</c>, <c>Warning  BackOff ...</c>), command-line tools' lower-case tags
/// (<c>srun: error: ...</c>, <c>error: ...</c>), <c>*ERROR*</c>, logrus' <c>ERRO[0000]</c>, and Slurm's lower-case debug levels
/// (<c>debug:</c>, <c>debug2:</c> ... <c>debug5:</c>, <c>verbose:</c>, also after its <c>[2025-01-24T14:33:49.000]</c>
/// stamp). Only a bounded head of the line is read.
/// Thread-safe (stateless).
/// </summary>
internal static class ContentLevel
{
    private const int Head = 96;

    public static LineLevel Of(ReadOnlySpan<char> content)
    {
        var s = content.TrimStart();
        if (s.Length == 0)
        {
            return LineLevel.None;
        }

        if (Glog(s) is var glog and not LineLevel.None)
        {
            return glog;
        }

        if (AbslStamped(s) is var absl and not LineLevel.None)
        {
            return absl;
        }

        if (IsKernelStallReport(s))
        {
            return LineLevel.Error;
        }

        var head = s[..Math.Min(s.Length, Head)];
        if (head.Contains("NCCL INFO", StringComparison.Ordinal))
        {
            return LineLevel.Info;
        }

        if (head.Contains("NCCL WARN", StringComparison.Ordinal))
        {
            return LineLevel.Warning;
        }

        if (head.Contains("[c10d - debug]", StringComparison.Ordinal) || head.Contains("[c10d - trace]", StringComparison.Ordinal))
        {
            return LineLevel.Debug;
        }

        if (SlurmDebug(head))
        {
            return LineLevel.Debug;
        }

        return Logfmt(s) is var logfmt and not LineLevel.None ? logfmt : Tagged(head);
    }

    /// <summary>
    /// The kernel's stall reports, which it logs at error level though they begin with "INFO:" or carry no
    /// failure word: the hung-task detector's <c>INFO: task python3:5604 blocked for more than 120 seconds.</c>,
    /// RCU's <c>INFO: rcu_sched self-detected stall on CPU</c> and the grace-period kthread line of the same
    /// report (<c>rcu: rcu_sched kthread starved for 5252 jiffies!</c>), and the lockup detectors'
    /// <c>watchdog: BUG: soft lockup - CPU#7 stuck for 23s!</c> / <c>NMI watchdog: Watchdog detected hard LOCKUP on cpu 3</c>.
    /// </summary>
    private static bool IsKernelStallReport(ReadOnlySpan<char> s)
    {
        // The report may follow a prefix the line parser did not take off (a quote and a line number, a
        // cut stamp: "> 162 [  843.072392] INFO: task ..."), so it is looked for in the head.
        var head = s[..Math.Min(s.Length, Head)];
        var task = head.IndexOf("INFO: task ", StringComparison.Ordinal);
        var rcu = head.IndexOf("INFO: rcu_", StringComparison.Ordinal);
        return (task >= 0 && s[task..].Contains(" blocked for more than ", StringComparison.Ordinal))
            || (rcu >= 0 && s[rcu..].Contains(" stall", StringComparison.Ordinal))
            || head.Contains(" kthread starved for ", StringComparison.Ordinal)
            || head.Contains("BUG: soft lockup", StringComparison.Ordinal)
            || head.Contains("Watchdog detected hard LOCKUP", StringComparison.Ordinal);
    }

    /// <summary>
    /// Slurm daemons' and clients' verbose levels: <c>debug:</c>, <c>debug2:</c> ... <c>debug5:</c>,
    /// <c>verbose:</c> at the start of the message, after an optional bracketed stamp and a daemon name
    /// (<c>slurmstepd: debug:</c>). What follows is chatter even when it says "failed" or "invalid".
    /// </summary>
    private static bool SlurmDebug(ReadOnlySpan<char> head)
    {
        var p = 0;
        if (Chars.At(head, 0, '['))
        {
            var close = head.IndexOf(']');
            if (close < 0 || close > 40)
            {
                return false;
            }

            p = Chars.SkipSpaces(head, close + 1, 4);
        }

        var rest = head[p..];
        var colon = rest.IndexOf(':');
        if (colon > 0 && colon < 24 && rest[..colon].IndexOf(' ') < 0 && !rest[..colon].StartsWith("debug", StringComparison.Ordinal)
            && !rest[..colon].StartsWith("verbose", StringComparison.Ordinal))
        {
            // "slurmstepd: debug:  ..." / "srun: debug2: ..."
            rest = rest[(colon + 1)..].TrimStart(' ');
        }

        if (rest.StartsWith("verbose:", StringComparison.Ordinal))
        {
            return true;
        }

        if (!rest.StartsWith("debug", StringComparison.Ordinal))
        {
            return false;
        }

        var q = 5;
        if (q < rest.Length && rest[q] is >= '2' and <= '5')
        {
            q++;
        }

        return Chars.At(rest, q, ':');
    }

    /// <summary><c>E0321 02:07:08</c> at the start, or <c>[E0321 ...]</c> / <c>[W ProcessGroupNCCL.cpp:...]</c>.</summary>
    private static LineLevel Glog(ReadOnlySpan<char> s)
    {
        var bracket = s[0] == '[';
        var p = bracket ? 1 : 0;
        var level = Letter(s, p);
        if (level == LineLevel.None)
        {
            return LineLevel.None;
        }

        var digits = Chars.ReadNumber(s, p + 1, 4, out _);
        if (digits == 4 && Chars.At(s, p + 5, ' ') && Chars.DigitAt(s, p + 6))
        {
            return level;
        }

        // torch's c10 header without a date ("[W ProcessGroupNCCL.cpp:1569]") or with a short one ("[W911 14:08:52").
        return bracket && ((digits == 0 && Chars.At(s, p + 1, ' ') && Chars.LetterAt(s, p + 2)) || (digits == 3 && Chars.At(s, p + 4, ' ')))
            ? level
            : LineLevel.None;
    }

    /// <summary>
    /// TensorFlow's and absl's C++ log lines, whose level letter follows the date instead of leading:
    /// <c>2018-06-27 21:10:37.421198: F tensorflow/core/common_runtime/gpu/gpu_event_mgr.cc:203] ...</c>
    /// (F is fatal: the process aborts next), also with the date already taken off as a transport stamp
    /// (<c>: E tensorflow/...cc:48] ...</c> or <c>E tensorflow/...cc:48] ...</c>). The letter must be
    /// followed by a <c>file:line]</c> token, so a sentence starting with "I " is not read as a level.
    /// </summary>
    private static LineLevel AbslStamped(ReadOnlySpan<char> s)
    {
        var p = 0;
        if (Chars.DigitAt(s, 0) && Chars.At(s, 4, '-') && Chars.At(s, 7, '-') && Chars.At(s, 10, ' ') && Chars.At(s, 13, ':') && Chars.At(s, 16, ':'))
        {
            p = 19;
            while (Chars.DigitAt(s, p) || Chars.At(s, p, '.'))
            {
                p++;
            }
        }

        if (Chars.At(s, p, ':') && Chars.At(s, p + 1, ' '))
        {
            p += 2;
        }

        var level = Letter(s, p);
        if (level == LineLevel.None || !Chars.At(s, p + 1, ' '))
        {
            return LineLevel.None;
        }

        // "tensorflow/core/.../gpu_event_mgr.cc:203]": no space before the "]" that follows ":line".
        var token = s[(p + 2)..];
        var space = token.IndexOf(' ');
        var location = space < 0 ? token : token[..space];
        var colon = location.LastIndexOf(':');
        return location.Length > 3 && location[^1] == ']' && colon > 0 && colon < location.Length - 2 && Chars.DigitAt(location, colon + 1)
            ? level
            : LineLevel.None;
    }

    private static LineLevel Letter(ReadOnlySpan<char> s, int p) => (uint)p < (uint)s.Length ? s[p] switch
    {
        'I' => LineLevel.Info,
        'W' => LineLevel.Warning,
        'E' or 'F' => LineLevel.Error,
        _ => LineLevel.None,
    } : LineLevel.None;

    /// <summary><c>level=info</c>, <c>level="warning"</c>, <c>"level":"error"</c> anywhere in the line.</summary>
    private static LineLevel Logfmt(ReadOnlySpan<char> s)
    {
        var at = s.IndexOf("level", StringComparison.Ordinal);
        while (at >= 0)
        {
            var p = at + 5;
            if (at == 0 || !char.IsAsciiLetter(s[at - 1]))
            {
                p = Chars.At(s, p, '"') ? p + 1 : p;
                if (Chars.At(s, p, '=') || Chars.At(s, p, ':'))
                {
                    p = Chars.SkipSpaces(s, p + 1, 2);
                    p = Chars.At(s, p, '"') ? p + 1 : p;
                    var end = p;
                    while (end < s.Length && char.IsAsciiLetter(s[end]))
                    {
                        end++;
                    }

                    if (Word(s[p..end]) is var level and not LineLevel.None)
                    {
                        return level;
                    }
                }
            }

            var next = s[(at + 5)..].IndexOf("level", StringComparison.Ordinal);
            at = next < 0 ? -1 : at + 5 + next;
        }

        return LineLevel.None;
    }

    /// <summary>A level word standing as a tag in the head: bracketed, followed by a colon at the start, between dashes or bars, or alone between spaces.</summary>
    private static LineLevel Tagged(ReadOnlySpan<char> head)
    {
        for (var i = 0; i < head.Length; i++)
        {
            if (!char.IsAsciiLetter(head[i]) || (i > 0 && char.IsAsciiLetterOrDigit(head[i - 1])))
            {
                continue;
            }

            var end = i;
            while (end < head.Length && char.IsAsciiLetter(head[end]))
            {
                end++;
            }

            var word = head[i..end];
            var before = i == 0 ? '\0' : head[i - 1];
            var after = end < head.Length ? head[end] : '\0';
            var level = TagWord(word, before, after, i, head, end);
            if (level != LineLevel.None)
            {
                return level;
            }

            i = end;
        }

        return LineLevel.None;
    }

    private static LineLevel TagWord(ReadOnlySpan<char> word, char before, char after, int start, ReadOnlySpan<char> head, int end)
    {
        // "[I]" / "[W]" / "[E]" one-letter tags.
        if (word.Length == 1 && before == '[' && after == ']')
        {
            return Letter(word, 0) is var one and not LineLevel.None ? one : word[0] == 'D' ? LineLevel.Debug : LineLevel.None;
        }

        // Kubernetes event rows: "Normal   Pulled ..." / "Warning  BackOff ...".
        if (word is "Normal" or "Warning" && after == ' ' && Chars.At(head, end + 1, ' '))
        {
            return word is "Normal" ? LineLevel.Info : LineLevel.Warning;
        }

        // A lower-case quiet level first in the message: "info: ...", "debug: ..." (npm, Go and Rust tools).
        if (start == 0 && after == ':' && word is "info" or "debug" or "notice" or "trace")
        {
            return Word(word);
        }

        // A lower-case level tag first in the message or after a program name or a stamp: Slurm's and
        // other command-line tools' "srun: error: ...", "[2025-01-24T19:24:23.758] error: ...", "error: ...".
        if (after == ':' && word is "error" or "fatal" or "warning" or "Error" or "Fatal" or "Warning" && (start == 0 || (before == ' ' && start >= 2 && head[start - 2] is ':' or ']')))
        {
            return Word(word);
        }

        // logrus' four-letter levels first ("ERRO[0000] ...", "WARN[0001] ...").
        if (start == 0 && after == '[' && word is "ERRO" or "FATA" or "PANI")
        {
            return LineLevel.Error;
        }

        if (!IsUpper(word))
        {
            return LineLevel.None;
        }

        var level = Word(word);
        if (level == LineLevel.None)
        {
            return LineLevel.None;
        }

        // Between separators: "- INFO -", "| ERROR |", "] WARNING ", "...,051 46393 INFO  text",
        // "2024-05-01T10:00:00.000Z INFO  text"; or first, before a separator: "INFO - text", "INFO | text".
        var spaced = before == ' ' && after == ' ' && start >= 2
            && (head[start - 2] is '-' or '|' or ']' or 'Z' || char.IsAsciiDigit(head[start - 2]));
        var leading = start == 0 && after == ' ' && (Chars.At(head, end + 1, '-') || Chars.At(head, end + 1, '|')) && Chars.At(head, end + 2, ' ');
        // Python logging's default "INFO:name:message", also after a transport prefix ("ray/0 (CommandActor pid=1) INFO:torch...").
        var logger = after == ':' && (start == 0 || before == ' ') && end + 1 < head.Length && !char.IsWhiteSpace(head[end + 1]);
        // "*ERROR*" (SPDK, the kernel's DRM drivers).
        var starred = before == '*' && after == '*';
        var tagged = (before == '[' && after == ']') || (start == 0 && after == ':') || spaced || leading || logger || starred;
        return tagged ? level : LineLevel.None;
    }

    private static bool IsUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return word.Length > 1;
    }

    private static LineLevel Word(ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[Math.Min(word.Length, 16)];
        if (word.Length > lower.Length)
        {
            return LineLevel.None;
        }

        word.ToLowerInvariant(lower);
        return lower switch
        {
            "trace" or "debug" => LineLevel.Debug,
            "info" or "notice" => LineLevel.Info,
            "warn" or "warning" => LineLevel.Warning,
            "error" or "err" or "critical" or "crit" or "fatal" or "alert" or "emerg" or "panic" => LineLevel.Error,
            _ => LineLevel.None,
        };
    }
}
