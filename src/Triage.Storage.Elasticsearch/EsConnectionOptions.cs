using Elastic.Transport;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// How to reach a cluster: one or more node URLs (a node pool the official client fails over
/// across) or an Elastic Cloud id. Credentials never appear in <see cref="ToString"/>, exceptions
/// or logs. TLS certificates are verified unless <see cref="Insecure"/> is set explicitly; a
/// private CA can be trusted with <see cref="CaFile"/> or pinned with <see cref="CaFingerprint"/>.
/// </summary>
public sealed class EsConnectionOptions
{
    /// <summary>The node URLs, e.g. <c>https://es-a:9200</c>; empty when <see cref="CloudId"/> is set.</summary>
    public IReadOnlyList<Uri> Nodes { get; init; } = [];

    /// <summary>An Elastic Cloud id (<c>NAME:BASE64</c>) instead of node URLs; needs an API key or basic credentials.</summary>
    public string? CloudId { get; init; }

    /// <summary>How messages name the cluster: the node URLs, or <c>cloud:NAME</c> (never a secret).</summary>
    public string Endpoint => CloudId is { } cloud ? "cloud:" + cloud.Split(':')[0] : string.Join(",", Nodes.Select(n => n.AbsoluteUri));

    /// <summary>Namespace of the data stream and indices: <c>triage-events-NAMESPACE</c>.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>An API key (the <c>encoded</c> value: base64 of <c>id:api_key</c>), sent as <c>Authorization: ApiKey ...</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>User for basic authentication (when no API key is given).</summary>
    public string? Username { get; init; }

    /// <summary>Password for basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>A PEM file with the CA certificate(s) that signed the cluster's certificate.</summary>
    public string? CaFile { get; init; }

    /// <summary>SHA-256 fingerprint (hex, ':' allowed) of the CA or server certificate, as Elasticsearch prints at first start.</summary>
    public string? CaFingerprint { get; init; }

    /// <summary>Skip certificate verification. Only ever set from an explicit <c>--insecure</c>.</summary>
    public bool Insecure { get; init; }

    /// <summary>Upper bound of one <c>_bulk</c> body in bytes (default 5 MiB).</summary>
    public int MaxBulkBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>How often a rejected (429/5xx) request or item is retried before the call fails.</summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>First retry delay; doubles per attempt, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bulk requests in flight at once per store instance (back-pressure on collectors).</summary>
    public int MaxConcurrentBulk { get; init; } = 2;

    /// <summary>Timeout of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a node that stopped answering is left out of the pool before it is tried again (doubling per failure, to 30 minutes).</summary>
    public TimeSpan DeadTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Reads the connection from a store spec (<c>https://host:9200</c>, several nodes separated by
    /// commas, or <c>cloud:CLOUD_ID</c>; optionally <c>?namespace=NAME</c>) and credentials from the environment:
    /// <c>TRIAGE_ES_API_KEY</c> / <c>TRIAGE_ES_API_KEY_FILE</c>, else <c>TRIAGE_ES_USERNAME</c> with
    /// <c>TRIAGE_ES_PASSWORD</c> / <c>TRIAGE_ES_PASSWORD_FILE</c>; <c>TRIAGE_ES_CA_FILE</c>,
    /// <c>TRIAGE_ES_CA_FINGERPRINT</c>, <c>TRIAGE_ES_NAMESPACE</c>.
    /// </summary>
    /// <exception cref="StoreException">The URL is not http(s) or a credential file cannot be read.</exception>
    public static EsConnectionOptions FromSpec(string url, Func<string, string?> environment, bool insecure)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(environment);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var ns = (query >= 0 ? QueryValue(url[(query + 1)..], "namespace") : null) ?? environment("TRIAGE_ES_NAMESPACE") ?? "default";
        var target = query >= 0 ? url[..query] : url;
        if (!EsLayout.IsValidNamespace(ns))
        {
            throw new StoreException($"store: namespace '{ns}' must be 1-40 of a-z, 0-9, '_' (lower case)");
        }

        string? cloudId = null;
        var nodes = new List<Uri>();
        if (target.StartsWith("cloud:", StringComparison.OrdinalIgnoreCase))
        {
            cloudId = target["cloud:".Length..].Trim();
            if (cloudId.Length == 0 || !cloudId.Contains(':', StringComparison.Ordinal))
            {
                throw new StoreException("store 'es:cloud:...': expected the deployment's Cloud ID (NAME:BASE64) as Elastic Cloud shows it");
            }
        }
        else
        {
            foreach (var part in target.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    throw new StoreException($"store 'es:{Redact(part)}': expected http(s) URLs such as es:https://host:9200 (several separated by commas) or es:cloud:CLOUD_ID");
                }

                if (!string.IsNullOrEmpty(uri.UserInfo))
                {
                    throw new StoreException("store: do not put credentials in the URL; use TRIAGE_ES_API_KEY(_FILE) or TRIAGE_ES_USERNAME and TRIAGE_ES_PASSWORD(_FILE)");
                }

                nodes.Add(new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty }.Uri);
            }

            if (nodes.Count == 0)
            {
                throw new StoreException("store 'es:': expected http(s) URLs such as es:https://host:9200 or es:cloud:CLOUD_ID");
            }
        }

        var options = new EsConnectionOptions
        {
            Nodes = nodes,
            CloudId = cloudId,
            Namespace = ns,
            ApiKey = Secret(environment, "TRIAGE_ES_API_KEY"),
            Username = environment("TRIAGE_ES_USERNAME"),
            Password = Secret(environment, "TRIAGE_ES_PASSWORD"),
            CaFile = environment("TRIAGE_ES_CA_FILE"),
            CaFingerprint = environment("TRIAGE_ES_CA_FINGERPRINT"),
            Insecure = insecure,
        };
        if (cloudId is not null && options.Authentication() is null)
        {
            throw new StoreException("store 'es:cloud:...': Elastic Cloud needs credentials; set TRIAGE_ES_API_KEY(_FILE) or TRIAGE_ES_USERNAME and TRIAGE_ES_PASSWORD(_FILE)");
        }

        return options;
    }

    /// <summary>The client's credentials: an API key, else basic authentication, else null for an open cluster.</summary>
    internal AuthorizationHeader? Authentication()
    {
        if (!string.IsNullOrEmpty(ApiKey))
        {
            return new ApiKey(ApiKey);
        }

        return string.IsNullOrEmpty(Username) ? null : new BasicAuthentication(Username, Password ?? string.Empty);
    }

    /// <summary>The endpoint and how it authenticates, never the secret itself.</summary>
    public override string ToString()
    {
        var auth = !string.IsNullOrEmpty(ApiKey) ? "api key" : !string.IsNullOrEmpty(Username) ? "basic auth as " + Username : "no credentials";
        return $"{Endpoint} (namespace {Namespace}, {auth}{(Insecure ? ", TLS NOT verified" : string.Empty)})";
    }

    private static string? Secret(Func<string, string?> environment, string name)
    {
        var value = environment(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value.Trim();
        }

        var file = environment(name + "_FILE");
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"store: cannot read {name}_FILE '{file}': {ex.GetType().Name}", ex);
        }
    }

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && string.Equals(parts[0], name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(parts[1]);
            }
        }

        return null;
    }

    private static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? url[..(scheme + 3)] + "***" + url[at..] : url;
    }
}
