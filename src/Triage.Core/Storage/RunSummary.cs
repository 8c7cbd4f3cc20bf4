namespace Triage.Storage;

/// <summary>What the store holds for one run.</summary>
/// <param name="Run">Run name.</param>
/// <param name="Symptoms">Number of symptoms.</param>
/// <param name="Sources">Number of sources with a checkpoint.</param>
/// <param name="Failures">Number of recorded collector failures.</param>
/// <param name="FirstSeen">Earliest symptom time.</param>
/// <param name="LastSeen">Latest symptom time.</param>
public sealed record RunSummary(string Run, long Symptoms, long Sources, long Failures, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen);
