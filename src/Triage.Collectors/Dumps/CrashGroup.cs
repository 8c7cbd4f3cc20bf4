namespace Triage.Collectors.Dumps;

/// <summary>Dumps with one crash signature: the same bug on many ranks.</summary>
/// <param name="Signature">The crash signature.</param>
/// <param name="Signals">Fatal signals seen, e.g. SIGSEGV.</param>
/// <param name="Frame">The first meaningful frame (module!function+0xoff) of the first dump.</param>
/// <param name="Paths">The dumps, relative to the run directory.</param>
/// <param name="Hosts">Distinct hosts, sorted.</param>
/// <param name="Ranks">Distinct ranks, sorted.</param>
/// <param name="First">Earliest dump time (file last write).</param>
/// <param name="Last">Latest dump time.</param>
public sealed record CrashGroup(
    string Signature, IReadOnlyList<string> Signals, string? Frame, IReadOnlyList<string> Paths, IReadOnlyList<string> Hosts, IReadOnlyList<int> Ranks, DateTimeOffset First, DateTimeOffset Last);
