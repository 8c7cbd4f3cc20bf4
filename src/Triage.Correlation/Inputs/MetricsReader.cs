namespace Triage.Correlation.Inputs;

/// <summary>
/// Streams metrics rows (see <see cref="MetricsLineParser"/>) from JSONL files, plain or gzip, in the
/// given order, with the same bounds and error handling as <see cref="ManifestReader"/>.
/// Throws only <see cref="OperationCanceledException"/>.
/// </summary>
internal static class MetricsReader
{
    /// <summary>The rows of <paramref name="files"/>, lazily.</summary>
    public static IEnumerable<MetricsRow> Read(IReadOnlyList<string> files, JsonLinesStats stats, CancellationToken ct = default) =>
        Read(files, stats, InputLimits.Default, ct);

    /// <summary>The rows of <paramref name="files"/>, lazily.</summary>
    public static IEnumerable<MetricsRow> Read(IReadOnlyList<string> files, JsonLinesStats stats, InputLimits limits, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return JsonLinesReader.Read<MetricsRow>(files, () => new MetricsLineParser().TryParse, stats, limits.MaxLineBytes, ct);
    }
}
