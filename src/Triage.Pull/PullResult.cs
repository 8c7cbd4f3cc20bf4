using Triage.Collectors.Collection;

namespace Triage.Pull;

/// <summary>What one pull did.</summary>
/// <param name="Run">Run name.</param>
/// <param name="Nodes">Nodes in the list.</param>
/// <param name="NodesFailed">Nodes that could not be pulled (recorded failures).</param>
/// <param name="Counts">Sources, bytes, lines, symptoms, failures.</param>
/// <param name="Notices">Things the user should know (new host keys recorded, keys skipped).</param>
public sealed record PullResult(string Run, int Nodes, int NodesFailed, PullCounts Counts, IReadOnlyList<string> Notices);
