namespace Triage.Reports.Building;

/// <summary>How many symptoms of one kind a run has.</summary>
internal sealed record KindCount(string Kind, long Count);
