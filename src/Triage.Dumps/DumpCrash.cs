namespace Triage.Dumps;

/// <summary>The fatal signal (Linux) or exception (minidump) and where it happened.</summary>
/// <param name="Signal">Signal number (or exception code for minidumps).</param>
/// <param name="SignalName">SIGSEGV, SIGABRT, ... or the exception code in hex.</param>
/// <param name="Code">si_code, or null when the dump does not say.</param>
/// <param name="CodeName">SEGV_MAPERR, BUS_ADRERR, SI_TKILL, ... or null.</param>
/// <param name="FaultAddress">si_addr for faults, or null.</param>
/// <param name="ThreadId">The crashing thread.</param>
public sealed record DumpCrash(int Signal, string SignalName, int? Code, string? CodeName, ulong? FaultAddress, int ThreadId);
