using System.Globalization;
using System.Text;

namespace Triage.Dumps.Elf;

/// <summary>Executable, environment and who (host, rank) from auxv and the strings at the top of the main stack.</summary>
internal static class ProcessFacts
{
    private const ulong AtExecFn = 31;

    /// <summary>Variables kept: they say who the process was. Others may hold secrets and are dropped.</summary>
    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        "RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "GROUP_RANK", "NODE_RANK", "MASTER_ADDR", "HOSTNAME",
        "SLURM_PROCID", "SLURM_LOCALID", "SLURM_NODEID", "SLURM_JOB_ID", "SLURM_STEP_ID", "SLURMD_NODENAME", "SLURM_TOPOLOGY_ADDR",
        "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_LOCAL_RANK", "PMI_RANK", "PMIX_RANK", "CUDA_VISIBLE_DEVICES",
        "TORCHELASTIC_RESTART_COUNT", "TORCHELASTIC_RUN_ID", "KUBERNETES_POD_NAME", "POD_NAME", "NODE_NAME",
    };

    public static (string? Executable, Dictionary<string, string> Environment) Read(ElfCoreFile core, CoreNotes notes, DumpLimits limits)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!notes.Auxv.TryGetValue(AtExecFn, out var execFn) || core.Find(execFn) is not { } stack)
        {
            return (null, environment);
        }

        // Layout at the top of the main stack: argv strings, envp strings, the exec file name, then 8 zero bytes.
        var start = Math.Max(stack.VirtualAddress, execFn > (ulong)limits.MaxEnvironmentBytes ? execFn - (ulong)limits.MaxEnvironmentBytes : 0);
        var end = Math.Min(stack.End, execFn + 4096);
        var bytes = new byte[end - start];
        var n = core.ReadMemory(start, bytes);
        var strings = Encoding.UTF8.GetString(bytes, 0, n).Split('\0');
        var execAt = (int)(execFn - start);
        var executable = execAt < n ? CoreNotes.CString(bytes.AsSpan(execAt, n - execAt)) : null;
        Keep(strings, environment, limits);
        return (string.IsNullOrEmpty(executable) ? null : executable, environment);
    }

    /// <summary>Adds the <c>KEY=value</c> strings whose key says who the process was to <paramref name="environment"/>.</summary>
    public static void Keep(IEnumerable<string> strings, Dictionary<string, string> environment, DumpLimits limits)
    {
        foreach (var s in strings)
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Kept.Contains(s[..eq]) && environment.Count < limits.MaxEnvironment)
            {
                var value = s[(eq + 1)..];
                environment[s[..eq]] = value.Length > 256 ? value[..256] : value;
            }
        }
    }

    public static (string? Host, int? Rank, int? LocalRank) Who(IReadOnlyDictionary<string, string> env)
    {
        var host = First(env, "SLURMD_NODENAME", "HOSTNAME", "NODE_NAME", "KUBERNETES_POD_NAME", "POD_NAME");
        return (host, Number(env, "RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"), Number(env, "LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"));
    }

    private static string? First(IReadOnlyDictionary<string, string> env, params string[] keys) =>
        keys.Select(k => env.TryGetValue(k, out var v) && v.Length > 0 ? v : null).FirstOrDefault(v => v is not null);

    private static int? Number(IReadOnlyDictionary<string, string> env, params string[] keys) =>
        First(env, [.. keys.Where(k => env.TryGetValue(k, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _))]) is { } s
            ? int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}
