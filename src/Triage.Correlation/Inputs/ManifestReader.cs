namespace Triage.Correlation.Inputs;

/// <summary>
/// Streams step-manifest rows (one JSON object per rank per step; see <see cref="ManifestLineParser"/>)
/// from JSONL files, plain or gzip, in the given file order, with bounded memory: lines are parsed
/// from a pooled buffer and repeated strings share one instance. Malformed lines and lines over
/// <see cref="InputLimits.MaxLineBytes"/> are skipped and counted in <see cref="JsonLinesStats"/>;
/// an unreadable file becomes a problem there. Throws only <see cref="OperationCanceledException"/>.
/// </summary>
internal static class ManifestReader
{
    /// <summary>The rows of <paramref name="files"/>, lazily, with the default limits.</summary>
    public static IEnumerable<ManifestRow> Read(IReadOnlyList<string> files, JsonLinesStats stats, CancellationToken ct = default) =>
        Read(files, stats, InputLimits.Default, ct);

    /// <summary>The rows of <paramref name="files"/>, lazily.</summary>
    public static IEnumerable<ManifestRow> Read(IReadOnlyList<string> files, JsonLinesStats stats, InputLimits limits, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return JsonLinesReader.Read<ManifestRow>(files, () => new ManifestLineParser().TryParse, stats, limits.MaxLineBytes, ct);
    }
}
