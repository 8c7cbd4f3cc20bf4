namespace Triage.Dumps;

/// <summary>One thread of the dumped process.</summary>
/// <param name="Id">Kernel thread id (LWP).</param>
/// <param name="Signal">The signal pending on it when dumped (pr_cursig), 0 when none.</param>
/// <param name="Registers">General registers by name (rip, rsp, rbp, ... or pc, sp, x29, ...).</param>
public sealed record DumpThread(int Id, int Signal, IReadOnlyDictionary<string, ulong> Registers);
