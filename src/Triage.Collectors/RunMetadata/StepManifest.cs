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
        JsonLinesReader.Read<ManifestRow>(Files, () => new ManifestLineParser().TryParse, stats, _limits.MaxLineBytes, cancellationToken);
}
