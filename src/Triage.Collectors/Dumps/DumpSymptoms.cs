using System.Globalization;
using Triage.Collectors.Lines;
using Triage.Dumps;
using Triage.Symptoms;

namespace Triage.Collectors.Dumps;

/// <summary>
/// Turns a read dump into its <c>crash.dump</c> symptom (docs/architecture.md §3): attrs signal, si_code,
/// fault_address, module, frame, build_id, signature, exe, thread (and exception for .NET). Who
/// comes from the dump's environment (RANK, LOCAL_RANK, SLURM_PROCID, HOSTNAME, ...), else from the
/// path as for logs. The time is the one the file name holds (core_pattern's <c>%t</c>,
/// systemd-coredump's timestamp), else the file's last write: a core's notes hold no wall-clock
/// time, and the kernel writes the core as the process dies.
/// </summary>
public static class DumpSymptoms
{
    /// <summary>The rule id of dump symptoms (part of their deterministic ids).</summary>
    public const string RuleId = "dump.crash";

    private const int MaxMessage = 4096;

    /// <summary>The symptom for <paramref name="report"/>, or null when the dump holds no crash (a gcore snapshot).</summary>
    /// <param name="report">The dump as read.</param>
    /// <param name="run">Run name.</param>
    /// <param name="sourceId">Stable identity of the file (its checkpoint's source id).</param>
    /// <param name="relativePath">Path relative to the run directory, '/' separators.</param>
    /// <param name="lastWriteUtc">The file's last write time.</param>
    public static Symptom? Create(DumpReport report, string run, string sourceId, string relativePath, DateTimeOffset lastWriteUtc)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Crash is not { } crash)
        {
            return null;
        }

        var (pathHost, pathRank) = PathFacts.Parse(relativePath);
        var top = report.SignatureFrame ?? report.Stack.FirstOrDefault();
        var module = top?.Module is { } name ? report.Modules.FirstOrDefault(m => m.Name == name) : null;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal) { ["signal"] = crash.SignalName, ["thread"] = Invariant(crash.ThreadId) };
        Put(attrs, "si_code", crash.CodeName ?? (crash.Code is { } code ? Invariant(code) : null));
        Put(attrs, "fault_address", crash.FaultAddress is { } a ? DumpJson.Hex(a) : null);
        Put(attrs, "module", top?.Module);
        Put(attrs, "frame", top?.Function ?? top?.ToString());
        Put(attrs, "build_id", module?.BuildId);
        Put(attrs, "module_version", module?.Version);
        Put(attrs, "signature", report.Signature);
        Put(attrs, "exe", report.Executable);
        Put(attrs, "exception", report.Managed?.ExceptionType);
        var signature = report.Signature.Length > 0 ? report.Signature : $"{crash.SignalName} in {top?.Module ?? "?"}";
        var where = report.Stack.Count > 0 ? report.Stack[0].ToString() : "an unknown frame";
        var message = $"crash dump: {crash.SignalName}{(crash.CodeName is null ? "" : $" ({crash.CodeName})")} in {where}; signature {signature}; {report.Executable ?? "?"}";
        return new Symptom
        {
            Id = SymptomId.Create(run, sourceId, 0, RuleId),
            Timestamp = TimeFromName(relativePath) ?? lastWriteUtc,
            Run = run,
            Host = report.Host ?? pathHost,
            Rank = report.Rank ?? pathRank,
            LocalRank = report.LocalRank,
            Pid = report.Pid,
            Kind = "crash.dump",
            Category = crash.CodeName is "BUS_MCEERR_AR" or "BUS_MCEERR_AO" ? SymptomCategory.Hardware : SymptomCategory.Software,
            Severity = Severity.Critical,
            Signature = signature.Length > 512 ? signature[..512] : signature,
            Message = message.Length > MaxMessage ? message[..MaxMessage] : message,
            Source = new SymptomSource(relativePath, 1, 0),
            Rule = RuleId,
            Attrs = attrs,
        };
    }

    /// <summary>
    /// The crash time a core's file name holds: core_pattern's <c>%t</c> (epoch seconds, e.g.
    /// <c>core.python.4711.1775387661</c>) or systemd-coredump's microseconds
    /// (<c>core.python.0.BOOTID.4711.1775387661000000</c>); the last such token wins.
    /// </summary>
    internal static DateTimeOffset? TimeFromName(string relativePath)
    {
        const long From = 946_684_800; // 2000-01-01
        const long To = 4_102_444_800; // 2100-01-01
        DateTimeOffset? found = null;
        foreach (var token in Path.GetFileName(relativePath).Split('.', '-', '_'))
        {
            if (token.Length is 10 or 16 && long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                var seconds = token.Length == 16 ? n / 1_000_000 : n;
                if (seconds is >= From and < To)
                {
                    found = token.Length == 16 ? DateTimeOffset.UnixEpoch.AddTicks(n * 10) : DateTimeOffset.FromUnixTimeSeconds(n);
                }
            }
        }

        return found;
    }

    private static void Put(Dictionary<string, string> attrs, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attrs[key] = value.Length > 1024 ? value[..1024] : value;
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
