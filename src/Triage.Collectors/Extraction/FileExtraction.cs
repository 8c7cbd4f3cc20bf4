using System.IO.Compression;
using Triage.Collectors.Collection;
using Triage.Collectors.Metrics;
using Triage.Rules;
using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// Extracts symptoms from one file without a store (<c>triage extract</c>): plain or gzip text, or a
/// metrics file (JSONL, CSV, TensorBoard events), or a saved <c>sinfo -R</c>, recognised by content; a plain-text log's Megatron /
/// DeepSpeed iteration lines also go through the metrics detectors (their findings come after the
/// rules' symptoms). Symptom ids use run <c>extract</c> and the path as given.
/// </summary>
public static class FileExtraction
{
    /// <summary>
    /// Reads <paramref name="path"/> and hands symptoms to <paramref name="onSymptoms"/> in file order
    /// (the list is reused between calls). <paramref name="displayPath"/> is what <c>source.path</c> says.
    /// </summary>
    /// <exception cref="TriageException">The file is missing, unreadable or not text.</exception>
    public static async Task<ExtractionOutcome> ExtractAsync(
        string path, string displayPath, RuleSet rules, Func<IReadOnlyList<Symptom>, CancellationToken, Task> onSymptoms,
        ExtractionLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(onSymptoms);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TriageException($"{displayPath}: cannot read: {ex.Message}", ExitCodes.Failure, ex);
        }

        await using (file.ConfigureAwait(false))
        {
            var head = new byte[FileSniffer.HeadBytes];
            var n = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var format = FileSniffer.Sniff(head.AsSpan(0, n));
            if (format is SourceFormat.Binary or SourceFormat.ElfCore or SourceFormat.Minidump)
            {
                throw new TriageException($"{displayPath}: not a text log ({Describe(format)})", ExitCodes.Failure);
            }

            if (format == SourceFormat.Metrics)
            {
                return await MetricsAsync(path, displayPath, head.AsSpan(0, n).ToArray(), n < head.Length, onSymptoms, cancellationToken).ConfigureAwait(false);
            }

            if (format == SourceFormat.Text && SlurmReasonList.StartsWithHeader(head.AsSpan(0, n)) && file.Length <= SlurmReasonList.MaxBytes)
            {
                var bytes = new byte[file.Length];
                file.Seek(0, SeekOrigin.Begin);
                await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                if (SlurmReasonList.TryRead(bytes) is { } table)
                {
                    var symptoms = SlurmReasonList.Symptoms(table, "extract", displayPath, displayPath);
                    await onSymptoms(symptoms, cancellationToken).ConfigureAwait(false);
                    return new ExtractionOutcome(new SourceCursor(bytes.Length, 0, null), bytes.Length, table.Rows.Count + table.NotUnderstood.Count, symptoms.Count, 0, SlurmReasonList.Problem(table));
                }
            }

            file.Seek(0, SeekOrigin.Begin);
            Stream stream = format == SourceFormat.GzipText ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            await using (stream.ConfigureAwait(false))
            {
                // A plain-text log's iteration lines go through the metrics detectors too; that pass
                // reads the file on its own, so with a second core it runs beside the rules' pass.
                var metrics = format == SourceFormat.Text
                    ? new Beside<IReadOnlyList<Symptom>>(
                        ct => new MetricsPass("extract", MetricsOptions.Default).Run([new MetricsSourceFile(path, displayPath, displayPath, MetricsFormat.LogLines)], ct).Symptoms,
                        concurrent: Environment.ProcessorCount > 1,
                        cancellationToken)
                    : null;
                ExtractionOutcome outcome;
                try
                {
                    var identity = new SourceIdentity("extract", displayPath, displayPath, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
                    var extractor = new LogExtractor(rules, identity, limits);
                    outcome = await extractor.RunAsync(stream, SourceCursor.Start, finalPass: true, (batch, ct) => onSymptoms(batch.Symptoms, ct), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    if (metrics is not null)
                    {
                        await metrics.AbandonAsync().ConfigureAwait(false);
                    }

                    throw;
                }

                if (metrics is null)
                {
                    return outcome;
                }

                // Then the metric findings of its Megatron / DeepSpeed iteration lines (spikes, stragglers).
                var symptoms = await metrics.ResultAsync().ConfigureAwait(false);
                if (symptoms.Count > 0)
                {
                    await onSymptoms(symptoms, cancellationToken).ConfigureAwait(false);
                }

                return outcome with { Symptoms = outcome.Symptoms + symptoms.Count };
            }
        }
    }

    /// <summary>
    /// A metrics file through the metrics detectors (no hang: that needs the run's logs). Its
    /// problems (bad rows, duplicate steps, a corrupt record) are in <see cref="ExtractionOutcome.StreamError"/>.
    /// </summary>
    private static async Task<ExtractionOutcome> MetricsAsync(
        string path, string displayPath, byte[] head, bool complete, Func<IReadOnlyList<Symptom>, CancellationToken, Task> onSymptoms, CancellationToken cancellationToken)
    {
        var source = new MetricsSourceFile(path, displayPath, displayPath, MetricsSniffer.Sniff(head, complete));
        var (symptoms, results) = new MetricsPass("extract", MetricsOptions.Default).Run([source], cancellationToken);
        var result = results[0];
        if (result.Error is not null)
        {
            throw new TriageException($"{displayPath}: cannot read: {result.Error}", ExitCodes.Failure);
        }

        if (symptoms.Count > 0)
        {
            await onSymptoms(symptoms, cancellationToken).ConfigureAwait(false);
        }

        var problems = result.Problems.Any ? result.Problems.Describe() : null;
        return new ExtractionOutcome(new SourceCursor(result.Consumed, result.Rows, null), result.Consumed, result.Rows, symptoms.Count, 0, problems);
    }

    private static string Describe(SourceFormat format) => format switch
    {
        SourceFormat.ElfCore => "an ELF core dump",
        SourceFormat.Minidump => "a minidump",
        _ => "binary data",
    };
}
