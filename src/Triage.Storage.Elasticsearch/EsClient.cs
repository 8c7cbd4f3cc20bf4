using System.Buffers;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Requests;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The store's use of the official <see cref="ElasticsearchClient"/>: typed requests sent with the
/// headers the cluster's major version accepts (<see cref="EsCompatibility"/>), 429/5xx and lost
/// connections retried with <see cref="RetryPolicy"/> on top of the client's own failover between
/// nodes, anything else refused turned into a <see cref="StoreException"/> naming the operation
/// and Elasticsearch's reason (never a credential).
/// </summary>
internal sealed class EsClient : IDisposable
{
    private readonly ElasticsearchClientSettings _settings;

    public EsClient(ElasticsearchClientSettings settings, RetryPolicy retry, string endpoint)
    {
        _settings = settings;
        Client = new ElasticsearchClient(settings);
        Retry = retry;
        Endpoint = endpoint;
    }

    public ElasticsearchClient Client { get; }

    public RetryPolicy Retry { get; }

    /// <summary>How messages name the cluster (node URLs or cloud:NAME).</summary>
    public string Endpoint { get; }

    /// <summary>The headers every request carries; the client's own (9.x) until the probe says otherwise.</summary>
    public EsCompatibility Compatibility { get; set; } = EsCompatibility.Current;

    /// <summary>Serialises a body written by <paramref name="write"/>.</summary>
    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, SymptomJson.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The HTTP status of a response, 0 when none arrived.</summary>
    public static int Status(TransportResponse response) => response.ApiCallDetails.HttpStatusCode ?? 0;

    /// <summary>A body written by <paramref name="write"/> read into one of the client's request or query types.</summary>
    public T Typed<T>(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream(Json(write));
        return Client.ElasticsearchClientSettings.RequestResponseSerializer.Deserialize<T>(stream)
            ?? throw new InvalidOperationException("the client read no " + typeof(T).Name);
    }

    /// <summary>A value of the client's (sort values, after keys) as JSON text.</summary>
    public string ToJson(object value)
    {
        using var stream = new MemoryStream();
        Client.ElasticsearchClientSettings.RequestResponseSerializer.Serialize(value, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Sets the per-request headers for the cluster's version on <paramref name="request"/>.</summary>
    public T Prepare<T>(T request, bool ndjson = false)
        where T : Request
    {
        if (Compatibility.For(ndjson) is { } configuration)
        {
            request.RequestConfiguration = configuration;
        }

        return request;
    }

    /// <summary>
    /// Sends once and again while the answer is 429/5xx or no answer came from any node, up to the
    /// retry bound; returns the last response (any status) or throws <see cref="StoreException"/>
    /// when the cluster stayed unreachable.
    /// </summary>
    public async Task<T> SendAsync<T>(string operation, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken, int? maxRetries = null)
        where T : TransportResponse
    {
        var bound = maxRetries ?? Retry.MaxRetries;
        for (var attempt = 0; ; attempt++)
        {
            T? response = null;
            Exception? failure = null;
            try
            {
                response = await send(cancellationToken).ConfigureAwait(false);

                // The transport reports a cancelled call as a response without a status: cancel as the caller asked.
                cancellationToken.ThrowIfCancellationRequested();
                if (Status(response) == 0)
                {
                    failure = response.ApiCallDetails.OriginalException ?? new TransportException("no answer");
                    response = null;
                }
            }
            catch (TransportException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }

            if (response is not null && !RetryPolicy.IsTransient(Status(response)))
            {
                return response;
            }

            if (attempt >= bound)
            {
                return response ?? throw new StoreException($"Elasticsearch {Endpoint}: {operation} failed: {Describe(failure!)}", failure);
            }

            await Retry.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="SendAsync{T}"/>, then throws unless the status is 2xx or one of <paramref name="accepted"/>.</summary>
    public async Task<T> ExpectAsync<T>(string operation, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken, params int[] accepted)
        where T : TransportResponse
    {
        var response = await SendAsync(operation, send, cancellationToken).ConfigureAwait(false);
        var status = Status(response);
        if (status is < 200 or >= 300 && Array.IndexOf(accepted, status) < 0)
        {
            throw Failure(operation, response);
        }

        return response;
    }

    /// <summary>
    /// A search whose body <paramref name="body"/> writes (query, sort, point-in-time, aggregations),
    /// read into the client's <see cref="SearchRequest"/> and sent on <paramref name="index"/> (null:
    /// the point-in-time's indices); documents come back as JSON.
    /// </summary>
    public Task<SearchResponse<JsonElement>> SearchAsync(string operation, string? index, Action<Utf8JsonWriter> body, CancellationToken cancellationToken, params int[] accepted)
    {
        var request = Typed<SearchRequest>(body);
        if (index is not null)
        {
            request.Indices = index;
        }

        return ExpectAsync(operation, ct => Client.SearchAsync<JsonElement>(Prepare(request), ct), cancellationToken, accepted);
    }

    /// <summary>
    /// A request the client has no typed form for, through its transport (same nodes, credentials,
    /// failover), with <paramref name="configuration"/> or the version's headers.
    /// </summary>
    public Task<BytesResponse> RawAsync(string operation, Elastic.Transport.HttpMethod method, string path, CancellationToken cancellationToken, int? maxRetries = null, RequestConfiguration? configuration = null) =>
        SendAsync(operation, ct => Client.Transport.RequestAsync<BytesResponse>(method, path, PostData.Empty, configuration ?? Compatibility.For(ndjson: false) ?? new RequestConfiguration(), ct), cancellationToken, maxRetries);

    /// <summary>The exception for a refused request.</summary>
    public StoreException Failure(string operation, TransportResponse response)
    {
        var status = Status(response);
        var error = response switch
        {
            ElasticsearchResponse { ElasticsearchServerError.Error: { } e } => EsError.FromCause(e),
            BytesResponse { Body: { } body } => EsError.FromBody(body),
            _ => new EsError(string.Empty, string.Empty),
        };
        var hint = status switch
        {
            401 => " (check TRIAGE_ES_API_KEY or TRIAGE_ES_USERNAME/TRIAGE_ES_PASSWORD)",
            403 => " (the user or API key lacks a privilege; see README \"Scaling out with Elasticsearch\")",
            _ => string.Empty,
        };
        return new StoreException($"Elasticsearch {Endpoint}: {operation} failed with HTTP {status}: {error}{hint}");
    }

    public JsonDocument Parse(string operation, ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException ex)
        {
            throw new StoreException($"Elasticsearch {Endpoint}: {operation}: the answer is not JSON ({ex.Message})", ex);
        }
    }

    public void Dispose() => ((IDisposable)_settings).Dispose();

    /// <summary>The innermost cause (a refused connection, a timeout, a TLS failure) in one line.</summary>
    private static string Describe(Exception failure)
    {
        var inner = failure;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message.Split('\n')[0].Trim();
    }
}
