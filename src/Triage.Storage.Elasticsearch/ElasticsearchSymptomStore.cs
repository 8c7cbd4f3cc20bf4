using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Transport;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The store contract over Elasticsearch through the official client, Elastic.Clients.Elasticsearch
/// (docs/architecture.md §6). Symptoms
/// are ECS documents in the data stream <c>triage-events-NAMESPACE</c>; hypotheses, analyses,
/// votes, reviews, checkpoints, collector failures and dead letters live in plain indices behind
/// the aliases <c>triage-KIND-NAMESPACE</c>. Many collectors and engineers may use one cluster at once.
/// </summary>
/// <remarks>
/// <para>
/// Atomicity: Elasticsearch has no transactions, so <see cref="AppendAsync"/> writes the symptoms
/// first and the checkpoint only after every symptom is accounted for. A crash in between
/// re-reads from the older checkpoint; the deterministic ids make the repeat a 409 (already
/// stored), never a duplicate. Symptoms refused for good (mapping errors) are kept in
/// <c>triage-deadletter-NAMESPACE</c> with the reason and recorded as collector failures.
/// </para>
/// <para>
/// Visibility: symptom writes are followed by a refresh of the data stream and state writes use
/// <c>refresh=wait_for</c>, so what a call wrote is visible to the next read.
/// </para>
/// </remarks>
public sealed class ElasticsearchSymptomStore : ISymptomStore
{
    /// <summary>Retries of the startup probe: a wrong URL or a cluster that is down should fail in about a second.</summary>
    private const int ProbeRetries = 2;

    private readonly EsClient _client;
    private readonly EsLayout _layout;
    private readonly TimeProvider _time;
    private readonly BulkIngester _ingester;
    private readonly SymptomSearch _search;
    private readonly SymptomAggregations _aggregations;
    private readonly HypothesisDocuments _hypotheses;
    private readonly VoteDocuments _votes;
    private readonly RunDocuments _runs;
    private readonly SemaphoreSlim _bulkGate;
    private int _disposed;

    private ElasticsearchSymptomStore(EsClient client, EsLayout layout, TimeProvider time, EsClusterInfo cluster, int maxBulkBytes, int maxConcurrentBulk)
    {
        _client = client;
        _layout = layout;
        _time = time;
        Cluster = cluster;
        _bulkGate = new SemaphoreSlim(maxConcurrentBulk, maxConcurrentBulk);
        _ingester = new BulkIngester(client, layout, maxBulkBytes, _bulkGate);
        _search = new SymptomSearch(client, layout);
        _aggregations = new SymptomAggregations(client, layout);
        var state = new StateIndex(client);
        _hypotheses = new HypothesisDocuments(state, layout);
        _votes = new VoteDocuments(state, layout);
        _runs = new RunDocuments(state, layout);
    }

    /// <summary>What the startup probe found.</summary>
    public EsClusterInfo Cluster { get; }

    /// <summary>The data stream the symptoms are in.</summary>
    public string EventsDataStream => _layout.Events;

    /// <summary>
    /// A reader of raw log documents already shipped to this cluster (Filebeat, Fluent Bit) under
    /// <paramref name="indexPattern"/>, e.g. <c>logs-*</c>, resumable from a checkpoint.
    /// </summary>
    public LogDocumentSource LogSource(string indexPattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexPattern);
        ThrowIfDisposed();
        return new LogDocumentSource(_client, indexPattern);
    }

    /// <summary>Bulk requests sent so far (including retries).</summary>
    internal int BulkRequests => _ingester.Requests;

    /// <summary>
    /// Connects through the official client: probes <c>GET /</c> (Elasticsearch 8 or 9 only; the
    /// requests that follow carry the headers that version accepts), installs the templates when
    /// ours are newer, and makes sure the data stream and state indices exist.
    /// </summary>
    /// <exception cref="StoreException">Unreachable, refused, unsupported server, or missing privileges.</exception>
    public static Task<ElasticsearchSymptomStore> OpenAsync(EsConnectionOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        OpenAsync(options, null, timeProvider, null, cancellationToken);

    /// <summary>Connects with a replaced request invoker and backoff delay (tests).</summary>
    internal static async Task<ElasticsearchSymptomStore> OpenAsync(
        EsConnectionOptions options, IRequestInvoker? invoker, TimeProvider timeProvider, Func<TimeSpan, CancellationToken, Task>? delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        // Backoff waits in real time: the injected clock stamps documents and may be a test's
        // frozen clock, which would never let a retry happen. Tests inject the delay instead.
        var retry = new RetryPolicy(options.MaxRetries, options.BaseDelay, options.MaxDelay, delay ?? ((d, ct) => Task.Delay(d, TimeProvider.System, ct)));
        var client = new EsClient(EsClientSettings.Create(options, invoker), retry, options.Endpoint);
        try
        {
            var cluster = await ProbeAsync(client, cancellationToken).ConfigureAwait(false);
            if (cluster.Unsupported() is { } why)
            {
                throw new StoreException($"Elasticsearch {options.Endpoint}: {why}");
            }

            client.Compatibility = EsCompatibility.For(cluster.Major);
            var layout = new EsLayout(options.Namespace);
            await EsTemplates.InstallAsync(client, layout, cancellationToken).ConfigureAwait(false);
            return new ElasticsearchSymptomStore(client, layout, timeProvider, cluster, options.MaxBulkBytes, options.MaxConcurrentBulk);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>GET /</c> with plain JSON headers, which Elasticsearch 7, 8 and 9 and OpenSearch all accept,
    /// so the version is known before any request carries a version's headers.
    /// </summary>
    private static async Task<EsClusterInfo> ProbeAsync(EsClient client, CancellationToken cancellationToken)
    {
        var response = await client.RawAsync("probe the cluster", Elastic.Transport.HttpMethod.GET, "/", cancellationToken, ProbeRetries, EsCompatibility.Probe).ConfigureAwait(false);
        if (EsClient.Status(response) is < 200 or >= 300)
        {
            throw client.Failure("probe the cluster (GET /)", response);
        }

        var product = response.ApiCallDetails.TryGetHeader("X-Elastic-Product", out var values) ? values.FirstOrDefault() : null;
        using var doc = client.Parse("probe the cluster", response.Body ?? []);
        return EsClusterInfo.Parse(doc.RootElement, product);
    }

    /// <inheritdoc />
    public async Task<int> AppendAsync(IReadOnlyList<Symptom> symptoms, SourceCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symptoms);
        ThrowIfDisposed();
        var now = _time.GetUtcNow();
        var summary = await _ingester.CreateAsync(symptoms, now, cancellationToken).ConfigureAwait(false);
        if (summary.DeadLetters.Count > 0)
        {
            await _runs.DeadLetterAsync(summary.DeadLetters, now, cancellationToken).ConfigureAwait(false);
        }

        if (summary.Created > 0)
        {
            await _client.ExpectAsync("refresh symptoms", ct => _client.Client.Indices.RefreshAsync(_client.Prepare(new RefreshRequest(_layout.Events)), ct), cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (checkpoint is not null)
        {
            await _runs.SaveCheckpointAsync(checkpoint with { UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        }

        return summary.Created;
    }

    /// <inheritdoc />
    public Task<SymptomPage> QueryAsync(SymptomFilter filter, SymptomPageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        page.Validate();
        ThrowIfDisposed();
        return _search.PageAsync(filter, page, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(SymptomFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ThrowIfDisposed();
        return _search.CountAsync(filter, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Symptom?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ThrowIfDisposed();
        return _search.GetAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AggregateResult> AggregateAsync(SymptomFilter filter, IReadOnlyList<SymptomField> groupBy, int maxGroups = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(groupBy);
        if (groupBy.Count == 0 || groupBy.Any(f => f is null))
        {
            throw new ArgumentException("group by at least one field, none of them null", nameof(groupBy));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroups, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxGroups, 100_000);
        ThrowIfDisposed();
        return _aggregations.RunAsync(filter, groupBy, maxGroups, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SourceCheckpoint>> GetCheckpointsAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _runs.CheckpointsAsync(run, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteCheckpointAsync(string run, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(path);
        return _runs.DeleteCheckpointAsync(run, path, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(CollectorFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return _runs.RecordFailureAsync(failure, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CollectorFailure>> GetFailuresAsync(string? run, CancellationToken cancellationToken = default) =>
        _runs.FailuresAsync(run, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunSummary>> GetRunsAsync(CancellationToken cancellationToken = default) => _runs.RunsAsync(cancellationToken);

    /// <inheritdoc />
    public Task SaveAnalysisAsync(Analysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return _hypotheses.SaveAsync(analysis, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Hypothesis>> GetHypothesesAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var tallies = await _votes.TalliesAsync(run, cancellationToken).ConfigureAwait(false);
        return await _hypotheses.ListAsync(run, tallies, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<Attribution?> GetAttributionAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _hypotheses.AttributionAsync(run, cancellationToken);
    }

    /// <inheritdoc />
    public Task VoteAsync(string run, string hypothesisId, string voter, int vote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hypothesisId);
        ArgumentException.ThrowIfNullOrWhiteSpace(voter);
        return _votes.VoteAsync(run, hypothesisId, voter, vote, _time.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<VoteRecord>> GetVotesAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _votes.ListAsync(run, cancellationToken);
    }

    /// <inheritdoc />
    public Task AddReviewAsync(string run, ReviewEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Author, nameof(entry));
        return _runs.AddReviewAsync(run, entry, _time.GetUtcNow(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReviewEntry>> GetReviewsAsync(string run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _runs.ReviewsAsync(run, cancellationToken);
    }

    /// <summary>Closes the client's connections. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _client.Dispose();
            _bulkGate.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
