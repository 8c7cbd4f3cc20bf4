using System.Buffers;
using System.Text.RegularExpressions;
using Triage.Collectors.Lines;
using Triage.Symptoms;

namespace Triage.Collectors.Mining;

/// <summary>
/// Which lines no rule matched are worth mining, and at what severity. The line's own level decides
/// (a dmesg <c>kern  :err   :</c> prefix, glog's <c>E</c>/<c>W</c>/<c>I</c>, <c>NCCL INFO</c>,
/// <c>level=info</c>, <c>[WARNING]</c>, <c>srun: error:</c>, <c>[c10d - debug]</c>; see <see cref="ContentLevel"/>): an info
/// or debug line is never a candidate, whatever words it holds; only a line logged as an error becomes an
/// error. A warning, and a line without a level that names a failure, is kept at info: a line the rules do
/// not understand does not become a cause on its words alone. The failure words are <c>error, fail, fatal, exception, panic, abort, timeout, timed out,
/// refused, denied, unreachable, corrupt, critical, dumped core, exceeded, not found, cannot / can't / could not / unable to connect</c> and Kubernetes' <c>CrashLoopBackOff, ImagePullBackOff,
/// ErrImagePull</c>, or <c>warn</c> for a warning, any case, at
/// the start of a word that is not part of an identifier (<c>NCCL_ASYNC_ERROR_HANDLING</c>), not a
/// quoted configuration key (<c>'timeout': 900</c>), not a keyword argument or attribute of echoed source
/// code (<c>failures=result.failures,</c>) and not negated (<c>found no ... error</c>).
/// Known echoes (C++, Python and kernel stack frames, Python's chained-exception headers, torchrun's failure-table lines, PyTorch's CUDA
/// boilerplate and its "Last error:" header, the error-bit rows of a PCIe AER report, the fields of a firmware error record, metric definitions) are never candidates: the failure they
/// repeat is the rule's. Nor are Python's <c>FutureWarning</c> / <c>DeprecationWarning</c>, nor a
/// warning-level "X is deprecated" notice without a failure word: they announce a change to come, not a fault. <see cref="Literals"/> are added to the
/// extractor's literal scan so such lines are decoded at all. Thread-safe (immutable).
/// </summary>
internal static partial class UnknownLines
{
    /// <summary>Case-sensitive fragments that find every candidate line (a superset; <see cref="SeverityOf"/> decides).</summary>
    public static IReadOnlyList<string> Literals { get; } =
    [
        "rror", "RROR", "fail", "Fail", "FAIL", "atal", "ATAL", "xception", "anic", "ANIC", "bort", "BORT",
        "imeout", "imed out", "efused", "enied", "nreachable", "orrupt", "ritical", "RITICAL", "warn", "Warn", "WARN", "dumped core",
        "[W", "blocked for more than", "self-detected stall", "detected stalls", "soft lockup", "hard LOCKUP",
        "BackOff", "ErrImagePull", "xceeded", "not found", "kthread starved",
        "annot connect", "an't connect", "ould not connect", "nable to connect",
    ];

    private static readonly SearchValues<string> ErrorWords = SearchValues.Create(
        // Kubernetes' waiting reasons for a container that keeps failing to start ("CrashLoopBackOff" in a
        // kubectl get pods row) name a failure in one word no other word here catches. "exceeded" (a
        // retry count, a limit) and "not found" (a command, a device) name failures of transports and
        // shells that print no level: such lines are kept at info. A client that cannot connect to its
        // daemon or server ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock") says
        // so without any of the words above.
        ["error", "fail", "fatal", "exception", "panic", "abort", "timeout", "timed out", "refused", "denied", "unreachable", "corrupt", "critical", "dumped core",
         "exceeded", "not found", "crashloopbackoff", "imagepullbackoff", "errimagepull",
         "cannot connect", "can't connect", "could not connect", "unable to connect"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> WarningWords = SearchValues.Create(["warn"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Lines that only repeat a failure told elsewhere (or print a fixed hint) and are never one themselves.</summary>
    private static readonly string[] EchoStarts =
    [
        "Exception raised from ", "CUDA kernel errors might be asynchronously reported", "error_file:", "<NO_OTHER_FAILURES>",
        "Failures:", "srun: Job step aborted", "warnings.warn(",

        // Python's headers between the tracebacks of a chained exception: the exception lines are the failures.
        "During handling of the above exception, another exception occurred:",
        "The above exception was the direct cause of the following exception:",
    ];

    /// <summary>Endings of lines that report a step done, whatever words precede them.</summary>
    private static readonly string[] DoneEnds = ["... done.", "...done.", "... done", "...done"];

    /// <summary>
    /// Error or warning for a candidate line, else null. <paramref name="prefixLevel"/> is the level a
    /// transport prefix gave (dmesg <c>-x</c>); without one the message's own head is read.
    /// </summary>
    public static Severity? SeverityOf(ReadOnlySpan<char> content, LineLevel prefixLevel = LineLevel.None)
    {
        var message = content.Trim();
        var level = prefixLevel != LineLevel.None ? prefixLevel : ContentLevel.Of(message);
        if (level is LineLevel.Info or LineLevel.Debug || IsEcho(message) || IsDeprecationWarning(message) || IsQuietSetting(message))
        {
            return null;
        }

        if (level == LineLevel.Error)
        {
            return Severity.Error;
        }

        // A deprecation notice at warning level (or none) announces a change to come, like Python's
        // DeprecationWarning; one that also names a failure, or is logged as an error, stays a candidate.
        if (IsDeprecationNotice(message) && !HasWord(message, ErrorWords))
        {
            return null;
        }

        // Not an error by its own level: a warning, or a line without a level that names a failure, is
        // kept at info. The rules did not understand it, so its words alone ("failed", "timeout") do not
        // make it a cause: a wrong alarm costs more than a quiet line.
        return level == LineLevel.Warning || HasWord(message, ErrorWords) || HasWord(message, WarningWords) || IsPythonWarning(message)
            ? Severity.Info
            : null;
    }

    private static bool IsEcho(ReadOnlySpan<char> message)
    {
        foreach (var start in EchoStarts)
        {
            if (message.StartsWith(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // "Last error:" alone heads the NCCL message PyTorch copies on the next line, which is the failure.
        if (message.SequenceEqual("Last error:"))
        {
            return true;
        }

        // "Enabling unmasked SIMD FPU exception support... done.", "1 Corrected error, no action required.":
        // the step finished, the error was handled.
        foreach (var end in DoneEnds)
        {
            if (message.EndsWith(end, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // "1 Corrected error, no action required.", systemd-journald's "... corrupted or uncleanly shut
        // down, renaming and replacing.": the fault was found and handled.
        if (message.Contains("no action required", StringComparison.OrdinalIgnoreCase)
            || message.EndsWith(", renaming and replacing.", StringComparison.Ordinal))
        {
            return true;
        }

        // A PCIe AER register dump line ("device [8086:7f44] error status/mask=00200000/00000000"), its
        // error-bit rows ("pcieport 0000:00:1d.0:    [ 0] Receiver Error") and "Error of this Agent is
        // reported first" belong to their AER event.
        if (message.Contains("error status/mask=", StringComparison.Ordinal)
            || message.Contains("AER: Error of this Agent is reported first", StringComparison.Ordinal)
            || AerErrorBit().IsMatch(message))
        {
            return true;
        }

        // A field of a firmware (APEI GHES) error record, indented under its header ("{1}[Hardware Error]:
        //   device_id: 0000:5e:00.0", "{1}[Hardware Error]:  Error 0, type: recoverable"): the record is one event.
        if (GhesRecordField().IsMatch(message))
        {
            return true;
        }

        // A Python stack frame ('  File ".../errors/__init__.py", line 355, in wrapper'), whose path
        // may hold any word: the exception line that ends the traceback is the failure.
        if (message.StartsWith("File \"", StringComparison.Ordinal) && message.Contains("\", line ", StringComparison.Ordinal))
        {
            return true;
        }

        // A kernel call-trace frame ("[<ffffffff8168a4e5>] __mutex_lock_slowpath+0xc5/0x1c0", " ? bit_wait+0x50/0x50",
        // ARM's "[<c0607cfc>] (__schedule) from [<c060811c>] (schedule+0x40/0xa0)"): the report above it is the event.
        // A metric's definition ("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL, counter, Total number of ...
        // errors.", Prometheus' "# HELP ..."): it names what is counted, not a failure.
        if (KernelFrame().IsMatch(message) || MetricDefinition().IsMatch(message))
        {
            return true;
        }

        // A C++ stack frame ("frame #3: c10d::ProcessGroupNCCL::watchdogHandler() + 0x1d2 (...)"), or the title
        // of torchrun's failure table ("pretrain_gpt.py FAILED").
        return (message.StartsWith("frame #", StringComparison.Ordinal) && Chars.DigitAt(message, 7))
            || (message.EndsWith(" FAILED", StringComparison.Ordinal) && message.IndexOf(' ') == message.Length - 7);
    }

    /// <summary>Python's notice of a change to come (<c>FutureWarning:</c>, <c>DeprecationWarning:</c>,
    /// <c>PendingDeprecationWarning:</c>), printed by every run of an older script: not a fault.</summary>
    private static bool IsDeprecationWarning(ReadOnlySpan<char> message) =>
        message.Contains(": FutureWarning: ", StringComparison.Ordinal) || message.Contains("DeprecationWarning: ", StringComparison.Ordinal);

    /// <summary>"X is deprecated", "deprecated and will be removed": a notice that something will change.</summary>
    private static bool IsDeprecationNotice(ReadOnlySpan<char> message) =>
        message.Contains(" is deprecated", StringComparison.OrdinalIgnoreCase)
        || message.Contains(" are deprecated", StringComparison.OrdinalIgnoreCase)
        || message.Contains(" has been deprecated", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A "key : value" line of a status or configuration dump whose value says nothing went wrong:
    /// nvidia-smi -q's <c>Uncorrectable Error : 0</c> and <c>Remapping Failure Occurred : No</c>,
    /// <c>nvidia-smi nvlink -e</c>'s <c>Link 0: Replay Errors: 0</c>, <c>errors: 0</c>, <c>Error rate: 0.00%</c>, or a timeout setting (<c>timeout: 1800</c>,
    /// <c>TIMEOUT(ms): 1000</c>, "Setting NCCL timeout to 1800 seconds"). A value that is itself a
    /// failure ("error: Nodes c002 not responding") keeps the line a candidate.
    /// </summary>
    private static bool IsQuietSetting(ReadOnlySpan<char> message)
    {
        if (QuietKeyValue().IsMatch(message))
        {
            return true;
        }

        // "Setting NCCL timeout to 1800 seconds" is a setting; "connection failed after a timeout of
        // 30 s" is still a failure: nothing else in the line may name one.
        if (!message.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var text = message.ToString();
        var setting = TimeoutSetting().Match(text);
        return setting.Success && !HasWord(text.Remove(setting.Index, setting.Length), ErrorWords);
    }

    [GeneratedRegex(@"^[-*>\s]*[A-Za-z][\w .()/:-]{0,60}?\s*[:=]\s*(?:0+(?:[.,]0+)?\s*%?|No|None|N/A|False|false|Not Active|Disabled|Off)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex QuietKeyValue();

    [GeneratedRegex(@"^[-*>\s]*(?:[\w ]{0,40}[ _])?timeout(?:\(m?s\))?\s*[:=]\s*\d+(?:\.\d+)?\s*(?:m?s|sec(?:onds?)?|min(?:utes?)?)?\s*$|\btimeout (?:of|to|set to|is) \d+(?:\.\d+)?\s*(?:m?s|sec(?:onds?)?|min(?:utes?)?|h)?\b(?![\w ]*(?:exceeded|reached|expired))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeoutSetting();

    /// <summary>An error-bit row of a PCIe AER report: the device, then "[bit] name", as in
    /// <c>pcieport 0000:00:1d.0:    [ 0] Receiver Error</c> or <c>nvme 0000:03:00.0: AER: [ 0] RxErr</c>.</summary>
    [GeneratedRegex(@"(?:^|\s)[\w-]+ [0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]:\s+(?:AER:\s+)?\[\s?\d{1,2}\] [A-Za-z]", RegexOptions.CultureInvariant)]
    private static partial Regex AerErrorBit();

    [GeneratedRegex(@"\{\d+\}\[Hardware Error\]:\s{2,}\S", RegexOptions.CultureInvariant)]
    private static partial Regex GhesRecordField();

    [GeneratedRegex(@"^(?:\[<[0-9a-f]{8,16}>\]\s+)?(?:\?\s+)?(?:[A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+|\([\w.]+\) from \[<[0-9a-f]{8,16}>\])", RegexOptions.CultureInvariant)]
    private static partial Regex KernelFrame();

    [GeneratedRegex(@"^# (?:HELP|TYPE) [a-zA-Z_:][\w:]* |^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+){2,},\s*(?:counter|gauge|histogram|summary|label)\s*,", RegexOptions.CultureInvariant)]
    private static partial Regex MetricDefinition();

    /// <summary>A Python warning category such as <c>UserWarning:</c> or <c>FutureWarning:</c>.</summary>
    private static bool IsPythonWarning(ReadOnlySpan<char> message)
    {
        var at = message.IndexOf("Warning: ", StringComparison.Ordinal);
        return at > 0 && char.IsAsciiLetterLower(message[at - 1]);
    }

    /// <summary>A word that starts one of <paramref name="words"/>: <c>failed</c> counts, <c>checkTimeout</c>, <c>nofail</c>,
    /// <c>ASYNC_ERROR</c>, <c>'timeout':</c> and <c>no ... error</c> do not.</summary>
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
            if ((at == 0 || !IsWordChar(content[at - 1])) && !IsIdentifierOrKey(content, at) && !IsPathPart(content, at) && !IsNegated(content, at))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // "/tmp/torchelastic/error.json", ".../multiprocessing/errors/__init__.py": a file name, not a failure.
    private static bool IsPathPart(ReadOnlySpan<char> content, int at)
    {
        var end = at;
        while (end < content.Length && char.IsAsciiLetter(content[end]))
        {
            end++;
        }

        // A directory ("errors/__init__.py") or a file after one ("/error.json"); "status=1/FAILURE" is
        // systemd's result, not a path.
        var next = end < content.Length ? content[end] : '\0';
        return next is '/' or '\\' || (at > 0 && content[at - 1] is '/' or '\\' && next is '.' or '_');
    }

    // "ERROR_HANDLING", "timeout_ms", "'timeout': 900", "\"error\":": names, not failures; so are a
    // keyword argument and an attribute in a source line a traceback echoes ("failures=result.failures,").
    private static bool IsIdentifierOrKey(ReadOnlySpan<char> content, int at)
    {
        var end = at;
        while (end < content.Length && char.IsAsciiLetter(content[end]))
        {
            end++;
        }

        if (end < content.Length && content[end] is '_' or '=' && !Chars.At(content, end + 1, '='))
        {
            return true;
        }

        // "result.failures," / "self.error)": an attribute that ends an expression ("socket.timeout: ..."
        // and "requests.exceptions.ConnectionError" are names of failures, and stay words).
        if (at >= 2 && content[at - 1] == '.' && IsWordChar(content[at - 2]) && (end == content.Length || content[end] is ',' or ')' or ';'))
        {
            return true;
        }

        var quoted = at > 0 && content[at - 1] is '\'' or '"' && end < content.Length && content[end] == content[at - 1];
        return quoted && end + 1 < content.Length && content[end + 1] == ':';
    }

    // "no error", "found no hw slowdown error", "without errors", "0 errors": up to three words back.
    // A count of 0 negates only a count ("0 errors", "0 failed"), not the subject of a verb phrase
    // ("user 0 dumped core", "transmit queue 0 timed out").
    private static bool IsNegated(ReadOnlySpan<char> content, int at)
    {
        var zeroCounts = !content[at..].StartsWith("dumped", StringComparison.OrdinalIgnoreCase)
            && !content[at..].StartsWith("timed out", StringComparison.OrdinalIgnoreCase);
        var p = at;
        for (var words = 0; words < 3; words++)
        {
            var end = p;
            while (end > 0 && content[end - 1] == ' ')
            {
                end--;
            }

            var start = end;
            while (start > 0 && content[start - 1] != ' ')
            {
                start--;
            }

            if (start == end)
            {
                return false;
            }

            var word = content[start..end];
            if (word.Equals("no", StringComparison.OrdinalIgnoreCase) || word.Equals("without", StringComparison.OrdinalIgnoreCase) || (zeroCounts && word is "0"))
            {
                return true;
            }

            if (word.EndsWith(':') || word.EndsWith('.') || word.EndsWith(','))
            {
                return false;
            }

            p = start;
        }

        return false;
    }
}
