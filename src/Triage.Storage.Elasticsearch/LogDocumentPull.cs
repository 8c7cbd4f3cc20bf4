using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Pulls shipped log documents of an index pattern into symptoms: page by page (point-in-time and
/// <c>search_after</c>), each page's symptoms stored in one call with the checkpoint after it, so an
/// interrupted pull resumes from the stored checkpoint without loss; re-read documents give the
/// same symptom ids, so nothing is stored twice.
/// </summary>
public static class LogDocumentPull
{
    /// <summary>Reads everything after the stored checkpoint of <paramref name="run"/> and stores its symptoms.</summary>
    /// <param name="source">The index pattern to read.</param>
    /// <param name="target">Where the symptoms and the checkpoint go (any store).</param>
    /// <param name="extractor">Turns records into symptoms (the file collector's rules and code).</param>
    /// <param name="run">The run the symptoms belong to.</param>
    /// <param name="pageSize">Documents per page (1..10,000).</param>
    /// <param name="time">The clock that stamps checkpoints.</param>
    /// <param name="cancellationToken">Stops between pages; what was stored stays consistent.</param>
    public static async Task<LogPullResult> RunAsync(
        LogDocumentSource source, ISymptomStore target, ILogRecordExtractor extractor, string run, int pageSize, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(time);
        var stored = (await target.GetCheckpointsAsync(run, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Path == source.SourceId);
        var position = stored is null ? null : LogPosition.FromCheckpoint(stored);
        long documents = 0, found = 0, added = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await source.ReadAsync(run, position, pageSize, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var symptoms = new List<Symptom>(await extractor.ExtractAsync(page.Documents.Select(Record).ToList(), cancellationToken).ConfigureAwait(false));
            if (page.Next is null)
            {
                symptoms.AddRange(await extractor.FlushAsync(cancellationToken).ConfigureAwait(false));
            }

            // A block still open must be read again from its start after a restart.
            var checkpoint = extractor.OpenSince is { } open && (page.Checkpoint.LastTimestamp is null || open < page.Checkpoint.LastTimestamp)
                ? page.Checkpoint with { LastTimestamp = open }
                : page.Checkpoint;
            cancellationToken.ThrowIfCancellationRequested();
            added += await target.AppendAsync(symptoms, checkpoint, cancellationToken).ConfigureAwait(false);
            documents += page.Documents.Count;
            found += symptoms.Count;
            if (page.Next is null)
            {
                return new LogPullResult(run, documents, found, added);
            }

            position = page.Next;
        }
    }

    /// <summary>
    /// A document as a record: its path (<c>log.file.path</c>, else its index), and its offset
    /// (<c>log.offset</c>, else a stable number from its index and id, so re-reading it gives the same ids).
    /// </summary>
    internal static LogRecord Record(LogDocument document) =>
        new(document.Host, document.Path ?? document.Index, document.Timestamp, document.Offset ?? StableOffset(document), document.Message);

    private static long StableOffset(LogDocument document)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(document.Index + "/" + document.Id), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash) & (long.MaxValue >> 8);
    }
}
