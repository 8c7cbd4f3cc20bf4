using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// <see cref="EsConnectionOptions"/> as the official client's settings: the node pool (one node,
/// a static pool that marks a node that stops answering dead and fails over to the others, or
/// an Elastic Cloud id), the credentials (API key or basic; never in a message), TLS (the system
/// store, a CA file, a pinned SHA-256 fingerprint, or nothing with an explicit <c>--insecure</c>).
/// </summary>
internal static class EsClientSettings
{
    /// <summary>Builds the settings; <paramref name="invoker"/> replaces the HTTP invoker (tests replay recorded bodies through one).</summary>
    /// <exception cref="StoreException">The CA file cannot be read.</exception>
    public static ElasticsearchClientSettings Create(EsConnectionOptions options, IRequestInvoker? invoker = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pool = Pool(options);
        var settings = invoker is null ? new ElasticsearchClientSettings(pool) : new ElasticsearchClientSettings(pool, invoker);
        settings
            .RequestTimeout(options.RequestTimeout)
            .DeadTimeout(options.DeadTimeout)
            .MaxDeadTimeout(TimeSpan.FromMinutes(30))
            // Failover: a request whose node does not answer is sent to each other node once.
            .MaximumRetries(Math.Max(0, options.Nodes.Count - 1))
            // The ping (HEAD /) goes out with the 9.x client's compatible-with=9 Accept header, which
            // an 8.x node refuses with 400 before the probe could choose 8.x headers; a node that
            // stops answering is marked dead by the failed request itself just the same.
            .DisablePing();
        if (options.Authentication() is { } credentials)
        {
            settings.Authentication(credentials);
        }

        if (options.Insecure)
        {
            settings.ServerCertificateValidationCallback(CertificateValidations.AllowAll);
        }
        else if (!string.IsNullOrEmpty(options.CaFingerprint))
        {
            settings.CertificateFingerprint(NormalizeFingerprint(options.CaFingerprint));
        }
        else if (!string.IsNullOrEmpty(options.CaFile))
        {
            settings.ServerCertificateValidationCallback(TrustOnly(ReadAuthorities(options.CaFile)));
        }

        return settings;
    }

    /// <summary>The pool for the options: cloud id, one node, or a static pool kept in the given order.</summary>
    internal static NodePool Pool(EsConnectionOptions options)
    {
        if (options.CloudId is { } cloudId)
        {
            try
            {
                return new CloudNodePool(cloudId, options.Authentication()!);
            }
            catch (ArgumentException ex)
            {
                throw new StoreException("store 'es:cloud:...': the Cloud ID is not valid (" + ex.Message.Split('\n')[0] + ")", ex);
            }
        }

        return options.Nodes.Count == 1 ? new SingleNodePool(options.Nodes[0]) : new StaticNodePool(options.Nodes, randomize: false);
    }

    /// <summary>Hex without separators, upper case (Elasticsearch prints it with ':' at first start).</summary>
    internal static string NormalizeFingerprint(string fingerprint) =>
        fingerprint.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static X509Certificate2Collection ReadAuthorities(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new StoreException($"store: cannot read the CA file '{caFile}': {ex.Message}", ex);
        }

        return authorities;
    }

    /// <summary>Accepts a server certificate only when it chains to one of <paramref name="authorities"/>.</summary>
    private static Func<object, X509Certificate?, X509Chain?, SslPolicyErrors, bool> TrustOnly(X509Certificate2Collection authorities) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            using var server = new X509Certificate2(certificate);
            return chain.Build(server);
        };
}
