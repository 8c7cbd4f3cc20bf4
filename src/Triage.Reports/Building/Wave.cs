namespace Triage.Reports.Building;

/// <summary>A burst of symptoms: consecutive busy time buckets.</summary>
/// <param name="Start">Start of its first bucket.</param>
/// <param name="End">End of its last bucket.</param>
/// <param name="Count">Symptoms in it.</param>
/// <param name="Hosts">Hosts they were on.</param>
/// <param name="Kinds">Kinds with counts, most first.</param>
internal sealed record Wave(DateTimeOffset Start, DateTimeOffset End, long Count, int Hosts, IReadOnlyList<KindCount> Kinds);
