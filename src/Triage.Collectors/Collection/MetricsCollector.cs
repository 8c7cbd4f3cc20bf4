using System.Globalization;
using Triage.Collectors.Metrics;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Collectors.Collection;

/// <summary>
/// The collector's metrics path: when any metrics file of the run is new or has grown, all of them
/// are read again from the start in one merged pass (detector state is rebuilt rather than stored;
/// symptom ids are the file's source id, the row's offset and the finding's rule, so what was
/// stored before is not stored twice), each file's symptoms are appended with its checkpoint, its
/// problems become collector failures, and a <c>train.hang</c> is added for an attempt whose steps
/// stopped while its logs went on reporting errors (error-or-worse symptoms from logs after the stall). Plain-text logs are read
/// again in the same pass for their Megatron / DeepSpeed iteration lines (<see cref="MetricsFormat.LogLines"/>):
/// their symptoms point at the log line and are stored without touching the log's checkpoint.
/// Not thread-safe.
/// </summary>
internal sealed class MetricsCollector(ISymptomStore store, MetricsOptions options, TimeProvider time)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What a collection pass did.</summary>
    internal sealed record Outcome(long Bytes, long Rows, long SymptomsFound, long SymptomsNew);

    /// <summary>
    /// What <see cref="StartRead"/> began: the merged pass over the files (running beside the caller
    /// when started concurrent, else run by <see cref="CollectAsync"/>), or nothing to do.
    /// </summary>
    internal sealed class Reading(IReadOnlyList<SourcePlan> plans, int metricsCount, IReadOnlyList<MetricsSourceFile> files, MetricsPass? pass, bool concurrent, CancellationToken cancellationToken)
    {
        private readonly Beside<(IReadOnlyList<Symptom> Symptoms, IReadOnlyList<MetricsPass.FileResult> Files)>? _read =
            pass is { } running ? new(ct => running.Run(files, ct), concurrent, cancellationToken) : null;

        public IReadOnlyList<SourcePlan> Plans => plans;

        public int MetricsCount => metricsCount;

        public IReadOnlyList<MetricsSourceFile> Files => files;

        /// <summary>Null when no file is new or has grown.</summary>
        public MetricsPass? Pass => pass;

        internal Task<(IReadOnlyList<Symptom> Symptoms, IReadOnlyList<MetricsPass.FileResult> Files)> ResultAsync() => _read!.ResultAsync();

        /// <summary>The logs' pass failed or was cancelled: stops the metrics pass and waits for it, ignoring how it ended.</summary>
        public Task AbandonAsync() => _read?.AbandonAsync() ?? Task.CompletedTask;
    }

    /// <summary>
    /// Plans the metrics pass over <paramref name="metricsPlans"/> and the iteration lines of
    /// <paramref name="logs"/> (the run's plain-text logs) and, when <paramref name="concurrent"/>,
    /// starts reading them now, beside the logs' extraction: the pass only reads the files; what
    /// needs the logs' symptoms in the store (hangs) and every store write wait for <see cref="CollectAsync"/>.
    /// </summary>
    public static Reading StartRead(
        string run, MetricsOptions options, IReadOnlyList<SourcePlan> metricsPlans, IReadOnlyList<SourcePlan> logs, bool concurrent, CancellationToken cancellationToken)
    {
        var plans = metricsPlans.Concat(logs).ToList();
        if (plans.All(p => !p.Restarted && p.AdoptedFrom is null && p.Start.Offset == p.File.Length))
        {
            return new Reading(plans, metricsPlans.Count, [], null, concurrent: false, cancellationToken);
        }

        var files = metricsPlans.Select(p => new MetricsSourceFile(p.File.FullPath, p.File.Path, p.SourceId, MetricsSniffer.Sniff(p.File.Head, p.File.Length <= p.File.Head.Length)))
            .Concat(logs.Select(p => new MetricsSourceFile(p.File.FullPath, p.File.Path, p.SourceId, MetricsFormat.LogLines)))
            .ToList();
        return new Reading(plans, metricsPlans.Count, files, new MetricsPass(run, options), concurrent, cancellationToken);
    }

    /// <summary>
    /// Finishes what <see cref="StartRead"/> began (the metrics files and the logs' iteration lines;
    /// <paramref name="record"/> records a problem): hangs, restarts, the store writes.
    /// </summary>
    public async Task<Outcome> CollectAsync(
        string run, Reading reading, Func<string, CollectorFailureKind, string, CancellationToken, Task> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Pass is not { } pass)
        {
            return new Outcome(0, 0, 0, 0);
        }

        var (plans, files) = (reading.Plans, reading.Files);
        var metricsCount = reading.MetricsCount;
        var (symptoms, results) = await reading.ResultAsync().ConfigureAwait(false);
        var all = symptoms.ToList();
        all.AddRange(await HangsAsync(run, pass, files, cancellationToken).ConfigureAwait(false));
        all.AddRange(Restarts(pass, files));
        var byPath = all.ToLookup(s => s.Source.Path, StringComparer.Ordinal);
        long found = 0, added = 0, bytes = 0, rows = 0;
        for (var i = 0; i < plans.Count; i++)
        {
            var (plan, result) = (plans[i], results[i]);
            if (result.Error is not null)
            {
                await record(plan.File.Path, CollectorFailureKind.Failed, $"metrics read failed: {result.Error}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var mine = byPath[plan.File.Path].ToArray();
            if (i >= metricsCount)
            {
                // A log: its checkpoint is the log extraction's; its lines were counted there.
                added += mine.Length == 0 ? 0 : await store.AppendAsync(mine, null, cancellationToken).ConfigureAwait(false);
                found += mine.Length;
                if (result.Problems.Any)
                {
                    await record(plan.File.Path, CollectorFailureKind.Skipped, $"metrics from iteration lines: {result.Problems.Describe()}", cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var checkpoint = new SourceCheckpoint
            {
                Run = run,
                Path = plan.File.Path,
                SourceId = plan.SourceId,
                Fingerprint = plan.Fingerprint,
                Offset = result.Consumed,
                Line = result.Rows,
                LastTimestamp = null,
                Complete = false,
                UpdatedAt = time.GetUtcNow(),
            };
            added += await store.AppendAsync(mine, checkpoint, cancellationToken).ConfigureAwait(false);
            found += mine.Length;
            bytes += result.Consumed;
            rows += result.Rows;
            if (result.Problems.Any)
            {
                var kind = result.Problems.Damaged ? CollectorFailureKind.Damaged : CollectorFailureKind.Skipped;
                await record(plan.File.Path, kind, $"metrics: {result.Problems.Describe()}", cancellationToken).ConfigureAwait(false);
            }
        }

        if (pass.Analyzer.Untracked > 0 || pass.Analyzer.Suppressed > 0)
        {
            await record(plans[0].File.Path, CollectorFailureKind.Damaged, string.Create(Inv,
                $"metrics: {pass.Analyzer.Untracked} rows beyond {options.MaxSeries} series not analysed; {pass.Analyzer.Suppressed} findings beyond {options.MaxSymptomsPerKind} per kind dropped"), cancellationToken).ConfigureAwait(false);
        }

        return new Outcome(bytes, rows, found, added);
    }

    /// <summary>
    /// A step counter that went back (the job resumed from a checkpoint) means a new attempt: once
    /// that happened, one <c>meta.attempt</c> fact per attempt (the first too), at its earliest stamped row. That row is
    /// only somewhere inside the attempt (its processes started, loaded a checkpoint and ran a step
    /// before it), so the engine takes it as a bound, never over a restart the processes logged.
    /// </summary>
    private static List<Symptom> Restarts(MetricsPass pass, IReadOnlyList<MetricsSourceFile> files)
    {
        var facts = new List<Symptom>();
        var attempts = pass.Analyzer.Progress.ToList();
        if (attempts.Count < 2)
        {
            return facts;
        }

        for (var i = 0; i < attempts.Count; i++)
        {
            var (attempt, p) = (attempts[i].Key, attempts[i].Value);
            if (p.FirstTime is null)
            {
                continue;
            }

            var finding = new MetricsFinding("meta.attempt", "metrics.restart", p.FirstAt, -1, attempt, "restart",
                i == 0
                    ? string.Create(Inv, $"training started at step {p.FirstStep} (attempt 0 of {attempts.Count})")
                    : string.Create(Inv, $"training resumed at step {p.FirstStep} after reaching step {attempts[i - 1].Value.LastStep}: attempt {attempt}"),
                new Dictionary<string, string>
                {
                    ["resumed_step"] = p.FirstStep.ToString(Inv),
                    ["source"] = "step counter went back",
                });
            facts.Add(pass.ToSymptom(finding, files[p.FirstAt.File]) with { Severity = Severity.Info, Host = null });
        }

        return facts;
    }

    private async Task<IReadOnlyList<Symptom>> HangsAsync(string run, MetricsPass pass, IReadOnlyList<MetricsSourceFile> files, CancellationToken cancellationToken)
    {
        var hangs = new List<Symptom>();
        var attempts = pass.Analyzer.Progress.ToList();
        for (var i = 0; i < attempts.Count; i++)
        {
            var p = attempts[i].Value;
            if (p.LastTime is not { } last || p.SecondsPerStep is not { } pace)
            {
                continue;
            }

            var stall = TimeSpan.FromSeconds(Math.Max(options.HangFactor * pace, options.MinHang.TotalSeconds));
            var until = i + 1 < attempts.Count ? attempts[i + 1].Value.FirstTime : null;

            // New processes (NCCL communicator init) mean the job restarted: what they log is the
            // next attempt's, and a gap that ends in a restart before a stall could show is no hang.
            var restart = await store.AggregateAsync(
                new SymptomFilter { Run = run, Kinds = ["meta.placement"], From = last, To = until }, [SymptomField.Parse("kind")], 10, cancellationToken).ConfigureAwait(false);
            if (restart.Rows.FirstOrDefault()?.FirstSeen is { } restarted)
            {
                until = restarted;
            }

            if (until is { } end && end <= last + stall)
            {
                continue;
            }

            // Processes that hang go on reporting errors (watchdog timeouts, heartbeat failures); warnings
            // alone after the steps stopped are start-up chatter of the next attempt or a planned stop.
            var filter = new SymptomFilter { Run = run, From = last + stall, To = until, MinSeverity = Severity.Error };
            var alive = await store.AggregateAsync(filter, [SymptomField.Parse("kind")], 1000, cancellationToken).ConfigureAwait(false);
            var logs = alive.Rows.Where(r => r.Keys[0] is { } k && !k.StartsWith("train.", StringComparison.Ordinal) && !SymptomKinds.IsFact(k)).ToList();
            if (logs.Count == 0)
            {
                continue;
            }

            var lastSeen = logs.Max(r => r.LastSeen) ?? last + stall;
            var kinds = string.Join(", ", logs.OrderByDescending(r => r.Count).Take(3).Select(r => string.Create(Inv, $"{r.Keys[0]} x{r.Count}")));
            var finding = new MetricsFinding("train.hang", "metrics.hang", p.LastAt, -1, attempts[i].Key, "hang",
                string.Create(Inv, $"no step after step {p.LastStep} for at least {(lastSeen - last).TotalMinutes:0.#} min ({pace:0.##} s per step before) while the processes went on reporting errors ({kinds})"),
                new Dictionary<string, string>
                {
                    ["last_step"] = p.LastStep.ToString(Inv),
                    ["stalled_s"] = ((long)(lastSeen - last).TotalSeconds).ToString(Inv),
                    ["step_time_s"] = pace.ToString("0.###", Inv),
                    ["step"] = p.LastStep.ToString(Inv),
                });
            hangs.Add(pass.ToSymptom(finding, files[p.LastAt.File]));
        }

        return hangs;
    }
}
