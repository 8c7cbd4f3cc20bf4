using System.Buffers;
using System.Text.Json;
using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// The store's view of the transport: JSON bodies in and out, 429/5xx and lost connections
/// retried with <see cref="RetryPolicy"/>, anything else refused turned into a
/// <see cref="StoreException"/> naming the operation and Elasticsearch's reason (never a credential).
/// </summary>
internal sealed class EsClient : IDisposable
{
    private readonly IEsTransport _transport;

    public EsClient(IEsTransport transport, RetryPolicy retry, Uri endpoint)
    {
        _transport = transport;
        Retry = retry;
        Endpoint = endpoint;
    }

    public RetryPolicy Retry { get; }

    public Uri Endpoint { get; }

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

    /// <summary>
    /// Sends once and again while the answer is 429/5xx or no answer came, up to the retry bound;
    /// returns the last response (any status) or throws <see cref="StoreException"/> when the cluster stayed unreachable.
    /// </summary>
    public Task<EsResponse> SendAsync(string operation, EsRequest request, CancellationToken cancellationToken) =>
        SendAsync(operation, request, Retry.MaxRetries, cancellationToken);

    /// <summary>As <see cref="SendAsync(string, EsRequest, CancellationToken)"/> with its own retry bound (the startup probe fails fast).</summary>
    public async Task<EsResponse> SendAsync(string operation, EsRequest request, int maxRetries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            EsResponse? response = null;
            Exception? failure = null;
            try
            {
                response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                failure = ex;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex; // HttpClient timeout
            }

            if (response is not null && !RetryPolicy.IsTransient(response.Status))
            {
                return response;
            }

            if (attempt >= maxRetries)
            {
                if (response is not null)
                {
                    return response;
                }

                throw new StoreException($"Elasticsearch {Endpoint}: {operation} failed: {failure!.Message}", failure);
            }

            await Retry.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a JSON request and parses the answer. Statuses in <paramref name="accepted"/> (and 2xx)
    /// are returned; others throw. The caller disposes the document.
    /// </summary>
    public async Task<(int Status, JsonDocument Body)> JsonAsync(
        string operation, HttpMethod method, string path, Action<Utf8JsonWriter>? body, CancellationToken cancellationToken, params int[] accepted)
    {
        var request = new EsRequest(method, path, body is null ? null : Json(body));
        var response = await SendAsync(operation, request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && Array.IndexOf(accepted, response.Status) < 0)
        {
            throw Failure(operation, response);
        }

        return (response.Status, Parse(operation, response.Body));
    }

    /// <summary>The exception for a refused request.</summary>
    public StoreException Failure(string operation, EsResponse response)
    {
        var error = EsError.FromBody(response.Body);
        var hint = response.Status switch
        {
            401 => " (check TRIAGE_ES_API_KEY or TRIAGE_ES_USERNAME/TRIAGE_ES_PASSWORD)",
            403 => " (the user or API key lacks a privilege; see README \"Scaling out with Elasticsearch\")",
            _ => string.Empty,
        };
        return new StoreException($"Elasticsearch {Endpoint}: {operation} failed with HTTP {response.Status}: {error}{hint}");
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

    public void Dispose() => _transport.Dispose();
}
