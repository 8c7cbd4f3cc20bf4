using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Collectors.Dumps;
using Triage.Collectors.Extraction;
using Triage.Dumps;
using Triage.Rules;
using Triage.Storage;

namespace Triage.Collectors.Collection;

/// <summary>
/// Collects sources that are not in a local run directory — files on a node, a command's output such
/// as <c>journalctl -o json</c> — through the same extractor, planner and checkpoints as
/// <see cref="RunCollector"/> (docs/architecture.md §1, §8): each source is streamed from where its
/// checkpoint stopped, its symptoms are stored with the new checkpoint, and a node's name is the
/// symptoms' host when the lines name none. Sources are keyed <c>NODE:/remote/path</c>. One source
/// that cannot be read is a recorded <see cref="CollectorFailure"/>; the others go on.
/// Thread-safe across nodes (one call per node at a time); the store must allow concurrent appends.
/// </summary>
public sealed class StreamSourceCollector
{
    /// <summary>Prefix of a checkpoint fingerprint that holds a command source's resume point (a journal cursor).</summary>
    public const string ResumePrefix = "resume:";

    private readonly ISymptomStore _store;
    private readonly RuleSet _rules;
    private readonly TimeProvider _time;
    private readonly ExtractionLimits _limits;
    private readonly DumpOptions _dumps;
    private readonly ILogger _logger;

    /// <summary>Creates a collector writing to <paramref name="store"/>.</summary>
    public StreamSourceCollector(
        ISymptomStore store, RuleSet rules, TimeProvider timeProvider, ExtractionLimits? limits = null, DumpOptions? dumps = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _rules = rules;
        _time = timeProvider;
        _limits = limits ?? ExtractionLimits.Default;
        _dumps = dumps ?? DumpOptions.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Dumps larger than this are not copied off a node (recorded as skipped); default 8 GiB.</summary>
    public long MaxDumpBytes { get; init; } = 8L << 30;

    /// <summary>
    /// Collects one node's files. <paramref name="open"/> opens a file positioned at the given offset
    /// (always 0 for compressed files and dumps) and throws <see cref="IOException"/> when it cannot.
    /// Dumps are copied to <paramref name="scratchDirectory"/> (streamed, deleted after reading).
    /// </summary>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task CollectFilesAsync(
        string run, string host, IReadOnlyList<PulledFile> files, Func<PulledFile, long, CancellationToken, Task<Stream>> open,
        string scratchDirectory, PullCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(counts);
        var checkpoints = await CheckpointsOfAsync(run, host, cancellationToken).ConfigureAwait(false);
        var discovered = files.Select(f => new DiscoveredFile(f.RemotePath, f.Path, f.Length, f.LastWriteUtc, FileSniffer.Sniff(f.Head), f.Head)).ToList();
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var plan in SourcePlanner.Plan(discovered, checkpoints))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = byPath[plan.File.Path];
            try
            {
                await CollectFileAsync(run, host, plan, file, open, scratchDirectory, counts, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await RecordAsync(run, file.Path, CollectorFailureKind.Failed, $"read failed: {ex.Message}", counts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Collects the lines of a command run on a node (a journal, the kernel ring buffer). <paramref name="read"/>
    /// gets the resume point of the last stored line (null the first time) and yields the lines after it;
    /// a failure while reading is recorded against <paramref name="path"/> after what was read is stored.
    /// </summary>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task CollectLinesAsync(
        string run, string host, string path, Func<string?, CancellationToken, IAsyncEnumerable<PulledLine>> read,
        PullCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(counts);
        var checkpoint = (await CheckpointsOfAsync(run, host, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Path == path);
        var resume = checkpoint?.Fingerprint is { } f && f.StartsWith(ResumePrefix, StringComparison.Ordinal) ? f[ResumePrefix.Length..] : null;
        var start = checkpoint is null || resume is null ? SourceCursor.Start : new SourceCursor(checkpoint.Offset, checkpoint.Line, checkpoint.LastTimestamp);
        var identity = new SourceIdentity(run, checkpoint?.SourceId ?? path, path, _time.GetUtcNow()) { Host = host };
        var extractor = new LogExtractor(_rules, identity, _limits);
        counts.AddSource();
        var stream = new PulledLineStream(read(resume, cancellationToken), start.Offset, start.Line);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var outcome = await extractor.RunAsync(
                    stream,
                    start,
                    finalPass: true,
                    async (batch, ct) =>
                    {
                        var mark = stream.MarkAtOrBefore(batch.Safe.Offset);
                        SourceCheckpoint? next = mark is { } m ? new SourceCheckpoint
                        {
                            Run = run, Path = path, SourceId = identity.SourceId, Fingerprint = ResumePrefix + m.Resume,
                            Offset = m.End, Line = m.Lines, LastTimestamp = batch.Safe.LastTimestamp, Complete = false, UpdatedAt = _time.GetUtcNow(),
                        } : null;
                        counts.AddSymptoms(batch.Symptoms.Count, await _store.AppendAsync(batch.Symptoms.ToArray(), next, ct).ConfigureAwait(false));
                    },
                    cancellationToken).ConfigureAwait(false);
                counts.AddRead(outcome.BytesRead, outcome.LinesRead);
                CollectorLog.SourceRead(_logger, path, outcome.BytesRead, outcome.LinesRead, outcome.Symptoms);
            }
            catch (IOException ex)
            {
                await RecordAsync(run, path, CollectorFailureKind.Failed, $"read failed: {ex.Message}", counts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records a failure of <paramref name="path"/> (a node, a source) for <c>triage status</c>.</summary>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task RecordAsync(string run, string path, CollectorFailureKind kind, string reason, PullCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        CollectorLog.SourceProblem(_logger, run, path, kind.ToString(), reason);
        await _store.RecordFailureAsync(new CollectorFailure(run, path, kind, reason, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        counts.AddProblem(kind == CollectorFailureKind.Skipped);
    }

    private async Task<IReadOnlyList<SourceCheckpoint>> CheckpointsOfAsync(string run, string host, CancellationToken cancellationToken)
    {
        var prefix = host + ":";
        var all = await _store.GetCheckpointsAsync(run, cancellationToken).ConfigureAwait(false);
        return all.Where(c => c.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    private async Task CollectFileAsync(
        string run, string host, SourcePlan plan, PulledFile file, Func<PulledFile, long, CancellationToken, Task<Stream>> open,
        string scratchDirectory, PullCounts counts, CancellationToken cancellationToken)
    {
        switch (plan.File.Format)
        {
            case SourceFormat.Empty:
                return;
            case SourceFormat.Binary:
                await RecordAsync(run, file.Path, CollectorFailureKind.Skipped, "binary file (not text, not a known format)", counts, cancellationToken).ConfigureAwait(false);
                return;
            case SourceFormat.Metrics:
                await RecordAsync(run, file.Path, CollectorFailureKind.Skipped, "training metrics file: pull reads logs, journals and dumps; copy metrics files and run 'triage collect'", counts, cancellationToken).ConfigureAwait(false);
                return;
        }

        if (plan.UpToDate)
        {
            return;
        }

        counts.AddSource();
        if (plan.File.Format is SourceFormat.ElfCore or SourceFormat.Minidump)
        {
            await CollectDumpAsync(run, host, plan, file, open, scratchDirectory, counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        var compressed = plan.File.Format == SourceFormat.GzipText;
        var remote = await open(file, compressed ? 0 : plan.Start.Offset, cancellationToken).ConfigureAwait(false);
        await using (remote.ConfigureAwait(false))
        {
            var stream = compressed ? new GZipStream(remote, CompressionMode.Decompress, leaveOpen: true) : remote;
            await using (stream.ConfigureAwait(false))
            {
                if (compressed && !await RunCollector.SkipAsync(stream, plan.Start.Offset, cancellationToken).ConfigureAwait(false))
                {
                    await RecordAsync(run, file.Path, CollectorFailureKind.Damaged, "compressed file is shorter than its checkpoint", counts, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var identity = new SourceIdentity(run, plan.SourceId, file.Path, file.LastWriteUtc) { Host = host };
                var extractor = new LogExtractor(_rules, identity, _limits);
                var committed = false;
                var outcome = await extractor.RunAsync(
                    stream,
                    plan.Start,
                    finalPass: true,
                    async (batch, ct) =>
                    {
                        var checkpoint = Checkpoint(run, plan, batch.Safe, batch.Complete && compressed);
                        counts.AddSymptoms(batch.Symptoms.Count, await _store.AppendAsync(batch.Symptoms.ToArray(), checkpoint, ct).ConfigureAwait(false));
                        committed = true;
                    },
                    cancellationToken).ConfigureAwait(false);
                if (!committed && plan.AdoptedFrom is not null)
                {
                    await _store.AppendAsync([], Checkpoint(run, plan, plan.Start, complete: false), cancellationToken).ConfigureAwait(false);
                }

                counts.AddRead(outcome.BytesRead, outcome.LinesRead);
                CollectorLog.SourceRead(_logger, file.Path, outcome.BytesRead, outcome.LinesRead, outcome.Symptoms);
                if (outcome.StreamError is not null)
                {
                    await RecordAsync(run, file.Path, CollectorFailureKind.Damaged, $"compressed data ends early or is corrupt: {outcome.StreamError}", counts, cancellationToken).ConfigureAwait(false);
                }

                if (outcome.TruncatedLines > 0)
                {
                    await RecordAsync(run, file.Path, CollectorFailureKind.Damaged, $"lines longer than {_limits.MaxLineBytes} bytes were cut (symptoms from them carry truncated=true)", counts, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// Collects one dump a command writes to its stdout (<c>coredumpctl dump</c>): unless <paramref name="path"/>
    /// was read before (a complete checkpoint), <paramref name="copyAsync"/> streams it into the scratch file it
    /// is given, which is read once and deleted. Not a core or minidump: a recorded damaged source.
    /// </summary>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task CollectDumpAsync(
        string run, string host, string path, DateTimeOffset lastWriteUtc, Func<string, CancellationToken, Task> copyAsync,
        string scratchDirectory, PullCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(copyAsync);
        ArgumentNullException.ThrowIfNull(counts);
        var checkpoints = await CheckpointsOfAsync(run, host, cancellationToken).ConfigureAwait(false);
        if (checkpoints.FirstOrDefault(c => c.Path == path) is { Complete: true })
        {
            return;
        }

        counts.AddSource();
        try
        {
            await ReadDumpAsync(run, host, path, path, "dump", lastWriteUtc, copyAsync, scratchDirectory, counts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await RecordAsync(run, path, CollectorFailureKind.Failed, $"read failed: {ex.Message}", counts, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A dump file on a node: copied (streamed) to a scratch file, read once, deleted.</summary>
    private async Task CollectDumpAsync(
        string run, string host, SourcePlan plan, PulledFile file, Func<PulledFile, long, CancellationToken, Task<Stream>> open,
        string scratchDirectory, PullCounts counts, CancellationToken cancellationToken)
    {
        if (file.Length > MaxDumpBytes)
        {
            await RecordAsync(run, file.Path, CollectorFailureKind.Skipped, $"dump larger than {MaxDumpBytes} bytes: not copied", counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ReadDumpAsync(
            run,
            host,
            file.Path,
            plan.SourceId,
            plan.Fingerprint,
            file.LastWriteUtc,
            async (scratch, ct) =>
            {
                var remote = await open(file, 0, ct).ConfigureAwait(false);
                await using (remote.ConfigureAwait(false))
                {
                    var local = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                    await using (local.ConfigureAwait(false))
                    {
                        await remote.CopyToAsync(local, ct).ConfigureAwait(false);
                    }
                }
            },
            scratchDirectory,
            counts,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches a dump into a scratch file, reads it, stores its crash.dump symptom with a complete checkpoint, deletes the file.</summary>
    private async Task ReadDumpAsync(
        string run, string host, string path, string sourceId, string fingerprint, DateTimeOffset lastWriteUtc, Func<string, CancellationToken, Task> fetchAsync,
        string scratchDirectory, PullCounts counts, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratchDirectory);
        var scratch = Path.Combine(scratchDirectory, "dump-" + Guid.NewGuid().ToString("N"));
        Symptoms.Symptom? symptom = null;
        long length = 0;
        try
        {
            await fetchAsync(scratch, cancellationToken).ConfigureAwait(false);
            length = new FileInfo(scratch).Length;
            var report = await Task.Run(() => DumpReader.Read(scratch, _dumps), cancellationToken).ConfigureAwait(false);
            symptom = DumpSymptoms.Create(report, run, sourceId, path, lastWriteUtc);
            symptom = symptom is { Host: null } ? symptom with { Host = host } : symptom;
            counts.AddRead(length, 0);
            if (symptom is null)
            {
                await RecordAsync(run, path, CollectorFailureKind.Skipped, "dump without a fatal signal (a snapshot such as gcore's): no crash to report", counts, cancellationToken).ConfigureAwait(false);
            }
            else if (report.Warnings.Count > 0)
            {
                await RecordAsync(run, path, CollectorFailureKind.Damaged, "dump read in part: " + string.Join("; ", report.Warnings), counts, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DumpReadException ex)
        {
            await RecordAsync(run, path, CollectorFailureKind.Damaged, ex.Reason, counts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(scratch);
        }

        var checkpoint = new SourceCheckpoint
        {
            Run = run, Path = path, SourceId = sourceId, Fingerprint = fingerprint, Offset = length, Line = 0, Complete = true, UpdatedAt = _time.GetUtcNow(),
        };
        counts.AddSymptoms(symptom is null ? 0 : 1, await _store.AppendAsync(symptom is null ? [] : [symptom], checkpoint, cancellationToken).ConfigureAwait(false));
    }

    private SourceCheckpoint Checkpoint(string run, SourcePlan plan, SourceCursor at, bool complete) => plan.CheckpointAt(run, at, complete, _time.GetUtcNow());
}
