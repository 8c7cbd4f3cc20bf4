using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Collectors.Dumps;
using Triage.Collectors.Extraction;
using Triage.Collectors.Metrics;
using Triage.Collectors.RunMetadata;
using Triage.Dumps;
using Triage.Symptoms;
using Triage.Rules;
using Triage.Storage;

namespace Triage.Collectors.Collection;

/// <summary>
/// Collects a run directory into a store: finds files by content, reads each from its checkpoint,
/// extracts symptoms with the rules (metrics files: with the detectors of <see cref="MetricsCollector"/>)
/// and stores them together with the new checkpoint, so that an
/// interrupted collection resumes with nothing lost and nothing duplicated. One bad file becomes a
/// recorded <see cref="CollectorFailure"/>; the rest goes on. Log files are extracted in parallel
/// (<see cref="CollectOptions.MaxParallelism"/>) with one writer to the store. Not thread-safe; one collection at a time.
/// </summary>
public sealed partial class RunCollector
{
    private readonly ISymptomStore _store;
    private readonly RuleSet _rules;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ExtractionLimits _limits;
    private readonly MetricsOptions _metricsOptions;

    /// <summary>Creates a collector writing to <paramref name="store"/>.</summary>
    public RunCollector(
        ISymptomStore store, RuleSet rules, TimeProvider timeProvider, ILogger<RunCollector>? logger = null, ExtractionLimits? limits = null, MetricsOptions? metricsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _rules = rules;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _limits = limits ?? ExtractionLimits.Default;
        _metricsOptions = metricsOptions ?? MetricsOptions.Default;
    }

    /// <summary>
    /// Collects <paramref name="runDirectory"/>. With <see cref="CollectOptions.Follow"/> it keeps
    /// polling until <paramref name="cancellationToken"/> is cancelled and then returns normally.
    /// </summary>
    /// <exception cref="TriageException">The directory does not exist.</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (not when following).</exception>
    public async Task<CollectResult> CollectAsync(
        string runDirectory, CollectOptions options, IProgress<CollectProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(runDirectory);
        if (!Directory.Exists(root))
        {
            throw new TriageException($"run directory '{runDirectory}' does not exist or is not a directory");
        }

        var run = string.IsNullOrWhiteSpace(options.Run) ? new DirectoryInfo(root).Name : options.Run.Trim();
        var totals = new CollectTotals(run);
        var lengths = new Dictionary<string, (long Length, DateTimeOffset Since)>(StringComparer.Ordinal);
        while (true)
        {
            try
            {
                await PassAsync(root, totals, options, lengths, progress, cancellationToken).ConfigureAwait(false);
                if (options.PassCompleted is { } passCompleted)
                {
                    await passCompleted(totals.ToResult(), cancellationToken).ConfigureAwait(false);
                }

                if (!options.Follow)
                {
                    return totals.ToResult();
                }

                await Task.Delay(options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (options.Follow && cancellationToken.IsCancellationRequested)
            {
                return totals.ToResult();
            }
        }
    }

    private async Task PassAsync(
        string root, CollectTotals totals, CollectOptions options, Dictionary<string, (long Length, DateTimeOffset Since)> lengths,
        IProgress<CollectProgress>? progress, CancellationToken cancellationToken)
    {
        var (files, problems) = SourceDiscovery.Discover(root);
        foreach (var (path, reason) in problems)
        {
            await RecordAsync(totals, path, CollectorFailureKind.Failed, reason, cancellationToken).ConfigureAwait(false);
        }

        // The same walk gives the run's metadata (topology, run facts, step manifest) for the engine.
        var inputs = RunMetadataReader.Read(files, RunMetadataLimits.Default, cancellationToken);
        totals.Inputs = inputs with
        {
            Facts = inputs.Facts?.Source is { } factsPath ? inputs.Facts.WithSource(Path.GetRelativePath(root, factsPath).Replace('\\', '/')) : inputs.Facts,
            Problems = inputs.Problems.Select(p => p with { Path = Path.GetRelativePath(root, p.Path).Replace('\\', '/') }).ToList(),
        };
        foreach (var problem in totals.Inputs.Problems)
        {
            await RecordAsync(totals, problem.Path, CollectorFailureKind.Skipped, "run metadata not used: " + problem.Reason, cancellationToken).ConfigureAwait(false);
        }

        var checkpoints = await _store.GetCheckpointsAsync(totals.Run, cancellationToken).ConfigureAwait(false);
        var plans = SourcePlanner.Plan(files, checkpoints);
        totals.Files = Math.Max(totals.Files, files.Count);
        var metrics = plans.Where(p => p.File.Format == SourceFormat.Metrics).ToList();
        var logs = plans.Where(p => p.File.Format != SourceFormat.Metrics).Select(p => (Plan: p, FinalPass: !options.Follow || IsIdle(p.File, lengths, options.IdleFinalizeAfter))).ToList();
        var done = 0;

        // Files are extracted in parallel (each file's batches in order, by one worker); the store
        // sees one writer at a time (StoreGate), and each batch goes in with the checkpoint that
        // covers it, so an interruption anywhere resumes as before.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveParallelism, CancellationToken = cancellationToken };

        // The metrics pass (metrics files, and the logs' iteration lines) only reads files: with more
        // than one worker it reads beside the logs' extraction; its store writes and the hangs (which
        // need the logs' symptoms) come after the logs, as before.
        var metricsReading = MetricsCollector.StartRead(
            totals.Run, _metricsOptions, metrics, plans.Where(p => p.File.Format == SourceFormat.Text).ToList(), options.EffectiveParallelism > 1, cancellationToken);
        try
        {
            await Parallel.ForEachAsync(logs, parallel, async (item, ct) =>
            {
                progress?.Report(new CollectProgress(Volatile.Read(ref done), plans.Count, totals.BytesRead, totals.SymptomsFound, item.Plan.File.Path));
                await CollectFileAsync(item.Plan, totals, item.FinalPass, files, options, ct).ConfigureAwait(false);
                Interlocked.Increment(ref done);
            }).ConfigureAwait(false);
        }
        catch
        {
            await metricsReading.AbandonAsync().ConfigureAwait(false);
            throw;
        }

        // After the logs: a hang is told by logs that go on after the steps stop.
        var collected = await new MetricsCollector(_store, _metricsOptions, _time).CollectAsync(
            totals.Run, metricsReading, (path, kind, reason, ct) => RecordAsync(totals, path, kind, reason, ct), cancellationToken).ConfigureAwait(false);
        totals.Count(bytes: collected.Bytes, lines: collected.Rows, found: collected.SymptomsFound, fresh: collected.SymptomsNew);
        progress?.Report(new CollectProgress(plans.Count, plans.Count, totals.BytesRead, totals.SymptomsFound, null));
    }

    private bool IsIdle(DiscoveredFile file, Dictionary<string, (long Length, DateTimeOffset Since)> lengths, TimeSpan idleAfter)
    {
        var now = _time.GetUtcNow();
        if (!lengths.TryGetValue(file.Path, out var seen) || seen.Length != file.Length)
        {
            lengths[file.Path] = (file.Length, now);
            return false;
        }

        return now - seen.Since >= idleAfter;
    }

    private async Task CollectFileAsync(SourcePlan plan, CollectTotals totals, bool finalPass, IReadOnlyList<DiscoveredFile> files, CollectOptions options, CancellationToken cancellationToken)
    {
        var file = plan.File;
        switch (file.Format)
        {
            case SourceFormat.Empty:
                return;
            case SourceFormat.Binary:
                await RecordAsync(totals, file.Path, CollectorFailureKind.Skipped, "binary file (not text, not a known format)", cancellationToken).ConfigureAwait(false);
                return;
        }

        if (plan.UpToDate)
        {
            return;
        }

        if (file.Format is SourceFormat.ElfCore or SourceFormat.Minidump)
        {
            if (finalPass)
            {
                await CollectDumpAsync(plan, totals, options.Dumps, cancellationToken).ConfigureAwait(false);
            }

            return; // following: a dump still being written is read once it stops growing
        }

        if (plan.AdoptedFrom is not null)
        {
            CollectorLog.Rotated(_logger, file.Path, plan.AdoptedFrom);
        }
        else if (plan.Restarted)
        {
            CollectorLog.Restarted(_logger, file.Path, plan.SourceId);
        }

        try
        {
            if (TorchElasticErrorFile.IsCandidate(file) && await CollectErrorFileAsync(plan, totals, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (SlurmReasonList.IsCandidate(file) && await CollectReasonListAsync(plan, totals, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await ExtractFileAsync(plan, totals, finalPass, cancellationToken).ConfigureAwait(false);
            if (plan.AdoptedFrom is not null && !files.Any(f => f.Path == plan.AdoptedFrom))
            {
                await StoreAsync(ct => _store.DeleteCheckpointAsync(totals.Run, plan.AdoptedFrom, ct), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await RecordAsync(totals, file.Path, CollectorFailureKind.Failed, $"read failed: {ex.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExtractFileAsync(SourcePlan plan, CollectTotals totals, bool finalPass, CancellationToken cancellationToken)
    {
        var file = plan.File;
        var compressed = file.Format == SourceFormat.GzipText;
        await using var fileStream = new FileStream(
            file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        Stream stream = fileStream;
        if (compressed)
        {
            stream = new GZipStream(fileStream, CompressionMode.Decompress, leaveOpen: true);
            if (!await SkipAsync(stream, plan.Start.Offset, cancellationToken).ConfigureAwait(false))
            {
                await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, "compressed file is shorter than its checkpoint", cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            fileStream.Seek(plan.Start.Offset, SeekOrigin.Begin);
        }

        await using (stream.ConfigureAwait(false))
        {
            var identity = new SourceIdentity(totals.Run, plan.SourceId, file.Path, file.LastWriteUtc);
            var extractor = new LogExtractor(_rules, identity, _limits);
            var committed = false;

            // The store writes one batch while the extractor reads the next, in order (each
            // checkpoint commits with exactly the symptoms before it: a kill loses at most the
            // batch in flight, which a resume from the last checkpoint reads again, same ids).
            var writer = new WriteBehind();
            var outcome = await writer.RunAsync(() => extractor.RunAsync(
                stream,
                plan.Start,
                finalPass || compressed,
                (batch, ct) =>
                {
                    var symptoms = batch.Symptoms.ToArray();
                    var checkpoint = Checkpoint(totals.Run, plan, batch.Safe, batch.Complete && compressed);
                    return writer.EnqueueAsync(
                        async () =>
                        {
                            var fresh = await AppendAsync(symptoms, checkpoint, ct).ConfigureAwait(false);
                            totals.Count(found: symptoms.Length, fresh: fresh);
                            committed = true;
                        },
                        ct);
                },
                cancellationToken)).ConfigureAwait(false);
            if (!committed && plan.AdoptedFrom is not null)
            {
                // A rotated file with nothing new still takes its checkpoint to its new path.
                await AppendAsync([], Checkpoint(totals.Run, plan, plan.Start, complete: false), cancellationToken).ConfigureAwait(false);
            }

            totals.Count(bytes: outcome.BytesRead, lines: outcome.LinesRead);
            CollectorLog.SourceRead(_logger, file.Path, outcome.BytesRead, outcome.LinesRead, outcome.Symptoms);
            var streamError = outcome.StreamError;
            if (compressed && streamError is null && !GzipTrailer.Matches(fileStream, plan.Start.Offset + outcome.BytesRead))
            {
                streamError = "the decompressed size does not match the gzip trailer (the file is probably cut short)";
            }

            if (streamError is not null)
            {
                await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, $"compressed data ends early or is corrupt: {streamError}; read {plan.Start.Offset + outcome.BytesRead} bytes", cancellationToken).ConfigureAwait(false);
            }

            if (outcome.TruncatedLines > 0)
            {
                await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, $"lines longer than {_limits.MaxLineBytes} bytes were cut (symptoms from them carry truncated=true)", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A torchelastic <c>error.json</c> (<see cref="TorchElasticErrorFile"/>): its callstack through the rules,
    /// every symptom at the file's own time. False when the file is not one (it is then read as a log).
    /// </summary>
    private async Task<bool> CollectErrorFileAsync(SourcePlan plan, CollectTotals totals, CancellationToken cancellationToken)
    {
        var file = plan.File;
        if (await ReadWholeFileAsync(plan, TorchElasticErrorFile.MaxBytes, cancellationToken).ConfigureAwait(false) is not { } bytes || TorchElasticErrorFile.TryRead(bytes) is not { } error)
        {
            return false;
        }

        if (plan.Start.Offset == bytes.Length)
        {
            return true; // read before, unchanged
        }

        var identity = new SourceIdentity(totals.Run, plan.SourceId, file.Path, file.LastWriteUtc);
        var extractor = new LogExtractor(_rules, identity, _limits);
        var symptoms = new List<Symptom>();
        long lines;
        using (var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(error.Text)))
        {
            var outcome = await extractor.RunAsync(
                text,
                SourceCursor.Start,
                finalPass: true,
                (batch, _) =>
                {
                    foreach (var s in batch.Symptoms)
                    {
                        var attrs = new Dictionary<string, string>(s.Attrs, StringComparer.Ordinal) { ["error_file"] = "torchelastic" };
                        symptoms.Add(error.Time is { } time ? s with { Timestamp = time, TimeInferred = false, Attrs = attrs } : s with { Attrs = attrs });
                    }

                    return Task.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            lines = outcome.LinesRead;
        }

        await AppendWholeFileAsync(plan, totals, bytes.Length, lines, error.Time, symptoms, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Reads a dump once (a complete checkpoint marks it done) and stores its crash.dump symptom; a damaged dump is a recorded failure.</summary>
    private async Task CollectDumpAsync(SourcePlan plan, CollectTotals totals, DumpOptions options, CancellationToken cancellationToken)
    {
        var file = plan.File;
        Symptom? symptom = null;
        try
        {
            var report = await Task.Run(() => DumpReader.Read(file.FullPath, options), cancellationToken).ConfigureAwait(false);
            symptom = DumpSymptoms.Create(report, totals.Run, plan.SourceId, file.Path, file.LastWriteUtc);
            totals.Count(bytes: file.Length);
            CollectorLog.SourceRead(_logger, file.Path, file.Length, 0, symptom is null ? 0 : 1);
            if (symptom is null)
            {
                await RecordAsync(totals, file.Path, CollectorFailureKind.Skipped, "dump without a fatal signal (a snapshot such as gcore's): no crash to report", cancellationToken).ConfigureAwait(false);
            }
            else if (report.Warnings.Count > 0)
            {
                await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, "dump read in part: " + string.Join("; ", report.Warnings), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DumpReadException ex)
        {
            await RecordAsync(totals, file.Path, CollectorFailureKind.Damaged, ex.Reason, cancellationToken).ConfigureAwait(false);
        }

        var checkpoint = Checkpoint(totals.Run, plan, new SourceCursor(file.Length, 0, null), complete: true);
        var fresh = await AppendAsync(symptom is null ? [] : [symptom], checkpoint, cancellationToken).ConfigureAwait(false);
        totals.Count(found: symptom is null ? 0 : 1, fresh: fresh);
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes; false when the stream ends first.</summary>
    internal static async Task<bool> SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[1 << 16];
        while (count > 0)
        {
            var n = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            count -= n;
        }

        return true;
    }
}
