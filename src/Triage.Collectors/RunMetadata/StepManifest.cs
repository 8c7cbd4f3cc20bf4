using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// The step manifest of a run directory: its JSONL files (plain or gzip), streamed in file order
/// with bounded memory (see <see cref="ManifestLineParser"/> for what a row is). Malformed lines and
/// lines over <see cref="RunMetadataLimits.MaxLineBytes"/> are skipped and counted; an unreadable file
/// becomes a problem in the stats. Immutable; each <see cref="Read"/> is independent.
/// </summary>
internal sealed class StepManifest : IStepManifest
{
    private readonly RunMetadataLimits _limits;

    /// <summary>A manifest made of <paramref name="files"/>, read within <paramref name="limits"/> (default limits when null).</summary>
    public StepManifest(IReadOnlyList<string> files, RunMetadataLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
        _limits = limits ?? RunMetadataLimits.Default;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc/>
    public IEnumerable<ManifestRow> Read(ManifestReadStats stats, CancellationToken cancellationToken = default) =>
        JsonLinesReader.Read<ManifestRow>(Files, path => new ManifestLineParser(RankInPath(path)).TryParse, stats, _limits.MaxLineBytes, cancellationToken);

    /// <summary>The rank a per-rank manifest file's name (or its folder's) states, as log paths do (<c>rank-0042.jsonl</c>, <c>rank_7/steps.jsonl</c>).</summary>
    internal static int? RankInPath(string path)
    {
        var name = Path.GetFileName(path);
        var folder = Path.GetFileName(Path.GetDirectoryName(path) ?? string.Empty);
        return Lines.PathFacts.Parse(name).Rank ?? Lines.PathFacts.Parse(folder + "/" + name).Rank;
    }
}
