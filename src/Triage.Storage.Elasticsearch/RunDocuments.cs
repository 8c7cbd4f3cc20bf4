using System.Globalization;
using System.Text.Json;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>Checkpoints, collector failures, dead letters, decisions and notes, and run summaries.</summary>
internal sealed class RunDocuments
{
    private readonly StateIndex _state;
    private readonly EsLayout _layout;
    private long _sequence;

    public RunDocuments(StateIndex state, EsLayout layout)
    {
        _state = state;
        _layout = layout;
    }

    public Task SaveCheckpointAsync(SourceCheckpoint c, CancellationToken cancellationToken) =>
        _state.PutAsync("save a checkpoint", _layout.Checkpoints, EsLayout.DocumentId(c.Run, c.Path), w =>
        {
            w.WriteStartObject();
            w.WriteString("run", c.Run);
            w.WriteString("path", c.Path);
            w.WriteString("source_id", c.SourceId);
            w.WriteString("fingerprint", c.Fingerprint);
            w.WriteNumber("offset", c.Offset);
            w.WriteNumber("line", c.Line);
            if (c.LastTimestamp is { } last)
            {
                w.WriteString("last_timestamp", SymptomDocument.Time(last));
            }

            w.WriteBoolean("complete", c.Complete);
            w.WriteString("updated_at", SymptomDocument.Time(c.UpdatedAt));
            w.WriteEndObject();
        }, cancellationToken);

    public async Task<IReadOnlyList<SourceCheckpoint>> CheckpointsAsync(string run, CancellationToken cancellationToken)
    {
        var docs = await _state.SearchAsync("read checkpoints", _layout.Checkpoints, "run", run, cancellationToken).ConfigureAwait(false);
        return docs.Select(d => new SourceCheckpoint
        {
            Run = StateIndex.Text(d, "run"),
            Path = StateIndex.Text(d, "path"),
            SourceId = StateIndex.Text(d, "source_id"),
            Fingerprint = StateIndex.Text(d, "fingerprint"),
            Offset = d.GetProperty("offset").GetInt64(),
            Line = d.GetProperty("line").GetInt64(),
            LastTimestamp = d.TryGetProperty("last_timestamp", out _) ? StateIndex.Date(d, "last_timestamp") : null,
            Complete = d.GetProperty("complete").GetBoolean(),
            UpdatedAt = StateIndex.Date(d, "updated_at"),
        }).OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    public Task DeleteCheckpointAsync(string run, string path, CancellationToken cancellationToken) =>
        _state.DeleteAsync("delete a checkpoint", _layout.Checkpoints, EsLayout.DocumentId(run, path), cancellationToken);

    /// <summary>Records a failure once per (run, path, reason): <c>_create</c>, a 409 keeps the first.</summary>
    public Task RecordFailureAsync(CollectorFailure f, CancellationToken cancellationToken) =>
        _state.CreateAsync("record a collector failure", _layout.Failures, EsLayout.DocumentId(f.Run, f.Path, f.Reason), w =>
        {
            w.WriteStartObject();
            w.WriteString("run", f.Run);
            w.WriteString("path", f.Path);
            w.WriteString("kind", Names.Of(f.Kind));
            w.WriteString("reason", f.Reason);
            w.WriteString("at", SymptomDocument.Time(f.At));
            w.WriteEndObject();
        }, cancellationToken);

    public async Task<IReadOnlyList<CollectorFailure>> FailuresAsync(string? run, CancellationToken cancellationToken)
    {
        var docs = await _state.SearchAsync("read collector failures", _layout.Failures, run is null ? null : "run", run, cancellationToken).ConfigureAwait(false);
        return docs.Select(d => new CollectorFailure(
                StateIndex.Text(d, "run"),
                StateIndex.Text(d, "path"),
                Names.TryParse<CollectorFailureKind>(StateIndex.Text(d, "kind"), out var kind) ? kind : CollectorFailureKind.Failed,
                StateIndex.Text(d, "reason"),
                StateIndex.Date(d, "at")))
            .OrderByDescending(f => f.At)
            .ThenBy(f => f.Run, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Reason, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Keeps refused symptoms with the reason, and records one failure per source so <c>triage status</c> shows it.</summary>
    public async Task DeadLetterAsync(IReadOnlyList<DeadLetter> letters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var letter in letters)
        {
            var s = letter.Symptom;
            await _state.PutAsync("dead-letter a symptom", _layout.DeadLetters, EsLayout.DocumentId(s.Id), w =>
            {
                w.WriteStartObject();
                w.WriteString("run", s.Run);
                w.WriteString("symptom_id", s.Id);
                w.WriteString("source_path", s.Source.Path);
                w.WriteString("reason", letter.Reason.Length > 1000 ? letter.Reason[..1000] : letter.Reason);
                w.WriteString("at", SymptomDocument.Time(now));
                w.WritePropertyName("document");
                SymptomJson.Write(w, s);
                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var group in letters.GroupBy(l => (l.Symptom.Run, l.Symptom.Source.Path)))
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"{group.Count()} symptoms refused by Elasticsearch (kept in {_layout.DeadLetters}): {group.First().Reason}");
            await RecordFailureAsync(new CollectorFailure(group.Key.Run, group.Key.Path, CollectorFailureKind.Damaged, reason.Length > 500 ? reason[..500] : reason, now), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task AddReviewAsync(string run, ReviewEntry e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seq = (now.ToUnixTimeMilliseconds() * 1000) + (Interlocked.Increment(ref _sequence) % 1000);
        return _state.AddAsync("record a decision or note", _layout.Reviews, w =>
        {
            w.WriteStartObject();
            w.WriteString("run", run);
            w.WriteString("hypothesis", e.HypothesisId);
            w.WriteString("kind", Names.Of(e.Kind));
            w.WriteString("author", e.Author);
            w.WriteString("text", e.Text);
            w.WriteString("at", SymptomDocument.Time(e.At));
            w.WriteNumber("seq", seq);
            w.WriteEndObject();
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ReviewEntry>> ReviewsAsync(string run, CancellationToken cancellationToken)
    {
        var docs = await _state.SearchAsync("read decisions and notes", _layout.Reviews, "run", run, cancellationToken).ConfigureAwait(false);
        return docs
            .OrderBy(d => d.GetProperty("seq").GetInt64())
            .Select(d => new ReviewEntry(
                StateIndex.Text(d, "hypothesis"),
                Names.TryParse<ReviewKind>(StateIndex.Text(d, "kind"), out var kind) ? kind : throw new StoreException("unknown review kind in " + _layout.Reviews),
                StateIndex.Text(d, "author"),
                StateIndex.Text(d, "text"),
                StateIndex.Date(d, "at")))
            .ToList();
    }

    /// <summary>Runs from a terms aggregation over the symptoms (count, first and last time) plus source and failure counts.</summary>
    public async Task<IReadOnlyList<RunSummary>> RunsAsync(CancellationToken cancellationToken)
    {
        var runs = new SortedDictionary<string, RunSummary>(StringComparer.Ordinal);
        var response = await _state.Client.SearchAsync("list runs", _layout.Events, WriteRunsBody, cancellationToken).ConfigureAwait(false);
        foreach (var (run, count, bucket) in StateIndex.TermsBuckets(response.Aggregations, "runs"))
        {
            runs[run] = new RunSummary(run, count, 0, 0, SymptomAggregations.BucketTime(bucket, "first"), SymptomAggregations.BucketTime(bucket, "last"));
        }

        foreach (var (run, n) in await _state.CountByAsync("list runs", _layout.Checkpoints, "run", cancellationToken).ConfigureAwait(false))
        {
            runs[run] = (runs.GetValueOrDefault(run) ?? new RunSummary(run, 0, 0, 0, null, null)) with { Sources = n };
        }

        foreach (var (run, n) in await _state.CountByAsync("list runs", _layout.Failures, "run", cancellationToken).ConfigureAwait(false))
        {
            runs[run] = (runs.GetValueOrDefault(run) ?? new RunSummary(run, 0, 0, 0, null, null)) with { Failures = n };
        }

        return runs.Values.ToList();
    }

    private static void WriteRunsBody(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        w.WriteStartObject("aggs");
        w.WriteStartObject("runs");
        w.WriteStartObject("terms");
        w.WriteString("field", "triage.run");
        w.WriteNumber("size", StateIndex.MaxDocuments);
        w.WriteEndObject();
        w.WriteStartObject("aggs");
        EsQuery.WriteFirstLast(w);

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
