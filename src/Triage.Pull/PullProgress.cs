namespace Triage.Pull;

/// <summary>Progress of a pull: nodes finished of all, how many failed, symptoms so far, and the node that just finished.</summary>
public readonly record struct PullProgress(int Done, int Total, int Failed, long Symptoms, string? Node);
