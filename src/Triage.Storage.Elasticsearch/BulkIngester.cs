using System.Globalization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Writes symptoms with <c>_bulk</c> <c>create</c> actions under their deterministic ids, so a
/// repeated write is a 409 (already stored) and never a duplicate. Batches are bounded in bytes;
/// items the cluster pushes back (429/5xx) are sent again with backoff, a 413 splits the batch,
/// and items that can never succeed (400 mapping errors) are returned as dead letters with the
/// reason. A call either accounts for every symptom or throws, leaving the caller's checkpoint
/// unsaved so that the next read sends the same symptoms again: nothing is lost.
/// </summary>
internal sealed class BulkIngester
{
    /// <summary>Upper bound of the bytes of one <c>create</c> action line besides the id (an index name of up to 54 characters) and the two newlines.</summary>
    private const int ActionOverhead = 100;

    private readonly EsClient _client;
    private readonly EsLayout _layout;
    private readonly int _maxBytes;
    private readonly SemaphoreSlim _gate;

    public BulkIngester(EsClient client, EsLayout layout, int maxBytes, SemaphoreSlim gate)
    {
        _client = client;
        _layout = layout;
        _maxBytes = maxBytes;
        _gate = gate;
    }

    /// <summary>Bulk requests sent (including retries and splits); for tests and diagnostics.</summary>
    public int Requests { get; private set; }

    public async Task<BulkSummary> CreateAsync(IReadOnlyList<Symptom> symptoms, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<Entry>(symptoms.Count);
        foreach (var symptom in symptoms)
        {
            ArgumentNullException.ThrowIfNull(symptom, nameof(symptoms));
            if (seen.Add(symptom.Id))
            {
                entries.Add(new Entry(symptom, Serialize(symptom, now)));
            }
        }

        var summary = new BulkSummary();
        foreach (var batch in Batches(entries, _maxBytes))
        {
            await SendAsync(batch, summary, cancellationToken).ConfigureAwait(false);
        }

        return summary;
    }

    /// <summary>Splits entries into consecutive batches of at most <paramref name="maxBytes"/> (an oversized entry goes alone).</summary>
    internal static IEnumerable<List<Entry>> Batches(IReadOnlyList<Entry> entries, int maxBytes)
    {
        var batch = new List<Entry>();
        var bytes = 0L;
        foreach (var entry in entries)
        {
            if (batch.Count > 0 && bytes + entry.Bytes > maxBytes)
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(entry);
            bytes += entry.Bytes;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>The ECS document of one symptom (the source line of its <c>create</c>).</summary>
    internal static byte[] Serialize(Symptom symptom, DateTimeOffset now)
    {
        try
        {
            return EsClient.Json(w => SymptomDocument.Write(w, symptom, now));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new StoreException($"symptom {symptom.Id} cannot be stored: {ex.Message}", ex);
        }
    }

    private async Task SendAsync(List<Entry> batch, BulkSummary summary, CancellationToken cancellationToken)
    {
        var pending = batch;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var request = new BulkRequest { Operations = [] };
            foreach (var entry in pending)
            {
                request.Operations.Add(new BulkCreateOperation<RawDocument>(new RawDocument(entry.Source)) { Index = _layout.Events, Id = entry.Symptom.Id });
            }

            BulkResponse response;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Requests++;
                response = await _client.SendAsync("bulk write symptoms", ct => _client.Client.BulkAsync(_client.Prepare(request, ndjson: true), ct), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }

            var status = EsClient.Status(response);
            if (status == 413)
            {
                await SplitAsync(pending, summary, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (status is < 200 or >= 300)
            {
                throw _client.Failure("bulk write symptoms", response);
            }

            var retry = Account(pending, response, summary);
            if (retry.Count > 0 && attempt >= _client.Retry.MaxRetries)
            {
                throw new StoreException(
                    $"Elasticsearch {_client.Endpoint}: {retry.Count.ToString(CultureInfo.InvariantCulture)} symptoms were still rejected after " +
                    $"{_client.Retry.MaxRetries.ToString(CultureInfo.InvariantCulture)} retries (cluster overloaded); the checkpoint was not saved, so the next collect sends them again");
            }

            if (retry.Count > 0)
            {
                await _client.Retry.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
            }

            pending = retry;
        }
    }

    private async Task SplitAsync(List<Entry> pending, BulkSummary summary, CancellationToken cancellationToken)
    {
        if (pending.Count == 1)
        {
            summary.DeadLetters.Add(new DeadLetter(pending[0].Symptom, "HTTP 413: the document is larger than the cluster's http.max_content_length"));
            return;
        }

        var half = pending.Count / 2;
        await SendAsync(pending[..half], summary, cancellationToken).ConfigureAwait(false);
        await SendAsync(pending[half..], summary, cancellationToken).ConfigureAwait(false);
    }

    private List<Entry> Account(List<Entry> pending, BulkResponse response, BulkSummary summary)
    {
        var items = BulkItemResult.FromResponse(response);
        if (items.Count != pending.Count)
        {
            throw new StoreException($"Elasticsearch {_client.Endpoint}: the _bulk answer has {items.Count.ToString(CultureInfo.InvariantCulture)} items for {pending.Count.ToString(CultureInfo.InvariantCulture)} actions");
        }

        var retry = new List<Entry>();
        for (var i = 0; i < items.Count; i++)
        {
            switch (items[i].Outcome)
            {
                case BulkItemOutcome.Stored:
                    summary.Created++;
                    break;
                case BulkItemOutcome.AlreadyStored:
                case BulkItemOutcome.NotFound:
                    summary.AlreadyStored++;
                    break;
                case BulkItemOutcome.Retry:
                    retry.Add(pending[i]);
                    break;
                default:
                    summary.DeadLetters.Add(new DeadLetter(pending[i].Symptom, $"HTTP {items[i].Status.ToString(CultureInfo.InvariantCulture)}: {items[i].Error}"));
                    break;
            }
        }

        return retry;
    }

    /// <summary>One symptom and its document.</summary>
    internal sealed record Entry(Symptom Symptom, byte[] Source)
    {
        /// <summary>Bytes the entry adds to a <c>_bulk</c> body.</summary>
        public int Bytes => Source.Length + Symptom.Id.Length + ActionOverhead;
    }
}
