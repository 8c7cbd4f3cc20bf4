namespace Triage.Collectors.Mining;

/// <summary>
/// The one global setting of <see cref="TemplateMiner"/>. The defaults are what
/// <see cref="Evaluation.LeaveOneSystemOut"/>'s fixed criterion (mean GA, then FGA) picks over its
/// declared grid on the Loghub-2k development systems; they are used unchanged for every system,
/// nothing is tuned per data set.
/// </summary>
public sealed record TemplateMinerOptions
{
    /// <summary>Default options.</summary>
    public static TemplateMinerOptions Default { get; } = new();

    /// <summary>
    /// A token position becomes a variable when at least this many clusters differ only there
    /// with this many distinct values (default 4): two or three values are usually an enumeration
    /// (<c>startup</c>/<c>shutdown</c>), more are usually data (user and host names).
    /// </summary>
    public int MinDistinctValues { get; init; } = 4;

    /// <summary>
    /// A merge must leave at least this many constant tokens besides the merged position (default 1,
    /// what the leave-one-system-out criterion picks on all development systems; see <see cref="Evaluation.LeaveOneSystemOut"/>).
    /// </summary>
    public int MinConstantTokens { get; init; } = 1;

    /// <summary>
    /// Most clusters kept (default 20,000). When the table is full the least recently seen half is
    /// dropped: their lines were already reported with their template; a message seen again later
    /// starts a new cluster with the same template text, so its template id stays the same.
    /// </summary>
    public int MaxClusters { get; init; } = 20_000;

    /// <summary>Most tokens of a message that are mined (default 128); the rest of a longer message is one <c>&lt;*&gt;</c>.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Most characters of a message that are read (default 4,096).</summary>
    public int MaxChars { get; init; } = 4096;
}
