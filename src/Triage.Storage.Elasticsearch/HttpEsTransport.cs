using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// <see cref="IEsTransport"/> over <see cref="HttpClient"/>: one pooled client per store, the
/// credentials in a default header (never logged), TLS verified against the system store, a
/// CA file or a pinned fingerprint (or not at all when <see cref="EsConnectionOptions.Insecure"/>).
/// </summary>
public sealed class HttpEsTransport : IEsTransport
{
    private readonly HttpClient _client;

    /// <summary>Creates the transport for <paramref name="options"/>.</summary>
    /// <exception cref="StoreException">The CA file cannot be read.</exception>
    public HttpEsTransport(EsConnectionOptions options)
        : this(options, CreateHandler(options))
    {
    }

    /// <summary>Creates the transport over a given handler (tests replay recorded bodies through one).</summary>
    internal HttpEsTransport(EsConnectionOptions options, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUri = options.Endpoint.AbsoluteUri.EndsWith('/') ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
        _client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUri, Timeout = options.RequestTimeout };
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.AuthorizationHeader() is { } auth)
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", auth);
        }
    }

    /// <inheritdoc />
    public async Task<EsResponse> SendAsync(EsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
        if (request.Body is { } body)
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
            message.Content = content;
        }

        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var product = response.Headers.TryGetValues("X-Elastic-Product", out var values) ? values.FirstOrDefault() : null;
        return new EsResponse((int)response.StatusCode, bytes, product);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static SocketsHttpHandler CreateHandler(EsConnectionOptions options)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        if (options.Insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (!string.IsNullOrEmpty(options.CaFingerprint))
        {
            var pinned = Convert.FromHexString(options.CaFingerprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim());
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                MatchesFingerprint(certificate, chain, pinned) && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
        }
        else if (!string.IsNullOrEmpty(options.CaFile))
        {
            var authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(options.CaFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new StoreException($"store: cannot read the CA file '{options.CaFile}': {ex.Message}", ex);
            }

            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        return handler;
    }

    /// <summary>True when the server certificate or one in its chain has the pinned SHA-256 fingerprint.</summary>
    internal static bool MatchesFingerprint(X509Certificate? certificate, X509Chain? chain, byte[] pinned)
    {
        if (certificate is not null && SHA256.HashData(certificate.GetRawCertData()).AsSpan().SequenceEqual(pinned))
        {
            return true;
        }

        return chain is not null && chain.ChainElements.Any(e => SHA256.HashData(e.Certificate.RawData).AsSpan().SequenceEqual(pinned));
    }
}
