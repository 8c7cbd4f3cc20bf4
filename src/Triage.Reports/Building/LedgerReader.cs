using System.Globalization;
using Triage.Hypotheses;
using Triage.Reports.Model;
using Triage.Runs;
using Triage.Storage;
using Triage.Symptoms;

namespace Triage.Reports.Building;

/// <summary>The store reads of one report, each an aggregate or a bounded page.</summary>
internal sealed class LedgerReader(ISymptomStore store, string run, ReportLimits limits)
{
    private static readonly string[] MarkerKinds = ["train.loss_spike", "train.nan", "train.overflow", "train.hang"];

    private SymptomFilter RunFilter => new() { Run = run };

    public async Task<IReadOnlyList<KindCount>> KindsAsync(CancellationToken cancellationToken)
    {
        var rows = await store.AggregateAsync(RunFilter, [SymptomField.Parse("kind")], 10_000, cancellationToken).ConfigureAwait(false);
        return rows.Rows.Where(r => r.Keys[0] is not null).Select(r => new KindCount(r.Keys[0]!, r.Count)).ToList();
    }

    /// <summary>The first failures the latest analysis attributed by id, oldest first (timeless last).</summary>
    public async Task<IReadOnlyList<Symptom>> FirstFailuresAsync(Attribution attribution, List<string> notes, CancellationToken cancellationToken)
    {
        var ids = attribution.ById.Where(kv => kv.Value.Role == AttributionRole.Root).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        if (ids.Count > limits.MaxFirstFailures)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{ids.Count:N0} first failures: the report reads {limits.MaxFirstFailures:N0} of them"));
            ids = ids.Take(limits.MaxFirstFailures).ToList();
        }

        var roots = new List<Symptom>();
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } symptom)
            {
                roots.Add(symptom);
            }
        }

        return roots.OrderBy(r => r.Timestamp ?? DateTimeOffset.MaxValue).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<Activity> ActivityAsync(IReadOnlyList<KindCount> kinds, CancellationToken cancellationToken)
    {
        var failureKinds = kinds.Where(k => !SymptomKinds.IsFact(k.Kind)).Select(k => k.Kind).ToList();
        if (failureKinds.Count == 0)
        {
            return new Activity(0, 0, [], [], 60);
        }

        var filter = RunFilter with { Kinds = failureKinds };
        var hosts = await store.AggregateAsync(filter, [SymptomField.Parse("host")], 100_000, cancellationToken).ConfigureAwait(false);
        var ranks = await store.AggregateAsync(filter, [SymptomField.Parse("rank")], 100_000, cancellationToken).ConfigureAwait(false);
        var hours = await store.AggregateAsync(filter, [SymptomField.TimeBucket(3600)], 100_000, cancellationToken).ConfigureAwait(false);
        var starts = hours.Rows.Select(r => BucketStart(r.Keys[0])).OfType<DateTimeOffset>().ToList();
        var bucket = 60;
        if (starts.Count > 0)
        {
            var span = starts.Max() - starts.Min() + TimeSpan.FromHours(1);
            bucket = (int)Math.Clamp(Math.Ceiling(span.TotalSeconds / limits.Buckets / 60) * 60, 60, 86_400);
        }

        var byKind = await store.AggregateAsync(filter, [SymptomField.TimeBucket(bucket), SymptomField.Parse("kind")], 100_000, cancellationToken).ConfigureAwait(false);
        var byHost = await store.AggregateAsync(filter, [SymptomField.TimeBucket(bucket), SymptomField.Parse("host")], 100_000, cancellationToken).ConfigureAwait(false);
        var kindRows = byKind.Rows.Where(r => BucketStart(r.Keys[0]) is not null && r.Keys[1] is not null)
            .Select(r => (At: BucketStart(r.Keys[0])!.Value, Kind: r.Keys[1]!, r.Count)).ToList();
        var hostRows = byHost.Rows.Where(r => BucketStart(r.Keys[0]) is not null && r.Keys[1] is not null)
            .Select(r => (Host: r.Keys[1]!, At: BucketStart(r.Keys[0])!.Value, r.Count)).ToList();
        return new Activity(
            hosts.Rows.Count(r => r.Keys[0] is not null),
            ranks.Rows.Count(r => r.Keys[0] is not null),
            WaveFinder.Find(kindRows, hostRows, bucket),
            hostRows.OrderBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.At).ToList(),
            bucket);
    }

    public async Task<IReadOnlyList<CurveMarker>> MarkersAsync(IReadOnlyList<Symptom> roots, RunFacts? facts, CancellationToken cancellationToken)
    {
        var page = await store.QueryAsync(RunFilter with { Kinds = MarkerKinds }, new SymptomPageRequest { Size = limits.MaxMarkers }, cancellationToken).ConfigureAwait(false);
        var markers = new List<CurveMarker>();
        foreach (var s in page.Items.Where(s => s.Timestamp is not null))
        {
            var kind = s.Kind switch
            {
                "train.loss_spike" => MarkerKind.Spike,
                "train.hang" => MarkerKind.Hang,
                _ => MarkerKind.NaN,
            };
            markers.Add(new CurveMarker(s.Timestamp!.Value, kind, s.Kind + (s.Attrs.TryGetValue("step", out var step) ? " at step " + step : string.Empty)));
        }

        foreach (var r in roots.Where(r => r.Timestamp is not null && !r.Kind.StartsWith("train.", StringComparison.Ordinal)))
        {
            markers.Add(new CurveMarker(r.Timestamp!.Value, MarkerKind.Crash, r.Kind + (r.Host is null ? string.Empty : " on " + r.Host)));
        }

        foreach (var attempt in facts?.Attempts.Skip(1) ?? [])
        {
            markers.Add(new CurveMarker(attempt.Start, MarkerKind.Restart, string.Create(CultureInfo.InvariantCulture, $"attempt {attempt.Index + 1}")));
        }

        return markers.OrderBy(m => m.At).ThenBy(m => m.Kind).ThenBy(m => m.Label, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<KindLines>> RawLinesAsync(IReadOnlyList<KindCount> kinds, CancellationToken cancellationToken)
    {
        var result = new List<KindLines>();
        foreach (var kind in kinds.Where(k => !SymptomKinds.IsFact(k.Kind)).OrderByDescending(k => k.Count).ThenBy(k => k.Kind, StringComparer.Ordinal))
        {
            var page = await store.QueryAsync(RunFilter with { Kinds = [kind.Kind] }, new SymptomPageRequest { Size = limits.LinesPerKind }, cancellationToken).ConfigureAwait(false);
            result.Add(new KindLines(kind.Kind, kind.Count, page.Items.Select(s => new RawLine(s.Source.Path, s.Source.Line, s.Host, s.Rank, s.Timestamp, FirstLine(s.Message))).ToList()));
        }

        return result;
    }

    public async Task<ReportInputs> InputsAsync(ReportSources sources, CancellationToken cancellationToken)
    {
        var checkpoints = await store.GetCheckpointsAsync(run, cancellationToken).ConfigureAwait(false);
        var failures = await store.GetFailuresAsync(run, cancellationToken).ConfigureAwait(false);
        var metadata = new List<string>();
        var inputs = sources.Inputs;
        if (inputs.Facts is { } facts)
        {
            var parts = new List<string> { Plural(facts.Attempts.Count, "attempt") };
            if (facts.WorldSize is { } world)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"world size {world:N0}"));
            }

            if (facts.Nodes.Count > 0)
            {
                parts.Add(Plural(facts.Nodes.Count, "node"));
            }

            if (facts.Parallel.Count > 0)
            {
                parts.Add("parallel " + string.Join(", ", facts.Parallel.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))));
            }

            metadata.Add($"run facts from {(facts.Source is { } source ? sources.Relative(source) : "the run facts file")}: {string.Join("; ", parts)}");
        }

        if (inputs.Topology is { } topology)
        {
            metadata.Add($"topology: {Plural(topology.Hosts.Count, "host")}{(topology.AttributeKeys.Count > 0 ? " with " + string.Join(", ", topology.AttributeKeys) : string.Empty)}");
        }

        if (inputs.Manifest is { } manifest)
        {
            metadata.Add($"step manifest: {string.Join(", ", manifest.Files.Select(sources.Relative))}");
        }

        var problems = failures.Select(f => new InputProblem(f.Path, Names.Of(f.Kind), f.Reason))
            .Concat(inputs.Problems.Select(p => new InputProblem(sources.Relative(p.Path), "metadata", p.Reason)))
            .Concat(sources.Problems.Select(p => new InputProblem(sources.Relative(p.Path), "metrics", p.Reason)))
            .OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Reason, StringComparer.Ordinal)
            .ToList();
        return new ReportInputs(
            checkpoints.OrderBy(c => c.Path, StringComparer.Ordinal).Select(c => new InputSource(c.Path, c.Line)).ToList(),
            metadata,
            sources.Curve.Files,
            problems);
    }

    private static string Plural(int n, string one) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {one}{(n == 1 ? string.Empty : "s")}");

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\n', '\r']);
        var line = end < 0 ? message : message[..end];
        return line.Length > 400 ? line[..400] + "…" : line;
    }

    private static DateTimeOffset? BucketStart(string? key) =>
        long.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
