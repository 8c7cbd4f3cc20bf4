using System.Text;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// How to reach a cluster. Credentials never appear in <see cref="ToString"/>, exceptions or logs.
/// TLS certificates are verified unless <see cref="Insecure"/> is set explicitly; a private CA
/// can be trusted with <see cref="CaFile"/> or pinned with <see cref="CaFingerprint"/>.
/// </summary>
public sealed class EsConnectionOptions
{
    /// <summary>The cluster URL, e.g. <c>https://es.example:9200</c>.</summary>
    public required Uri Endpoint { get; init; }

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

    /// <summary>
    /// Reads the connection from a store spec (<c>es:https://host:9200</c>, optionally
    /// <c>?namespace=NAME</c>) and credentials from the environment:
    /// <c>TRIAGE_ES_API_KEY</c> / <c>TRIAGE_ES_API_KEY_FILE</c>, else <c>TRIAGE_ES_USERNAME</c> with
    /// <c>TRIAGE_ES_PASSWORD</c> / <c>TRIAGE_ES_PASSWORD_FILE</c>; <c>TRIAGE_ES_CA_FILE</c>,
    /// <c>TRIAGE_ES_CA_FINGERPRINT</c>, <c>TRIAGE_ES_NAMESPACE</c>.
    /// </summary>
    /// <exception cref="StoreException">The URL is not http(s) or a credential file cannot be read.</exception>
    public static EsConnectionOptions FromSpec(string url, Func<string, string?> environment, bool insecure)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(environment);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new StoreException($"store 'es:{Redact(url)}': expected an http(s) URL such as es:https://host:9200");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new StoreException("store: do not put credentials in the URL; use TRIAGE_ES_API_KEY(_FILE) or TRIAGE_ES_USERNAME and TRIAGE_ES_PASSWORD(_FILE)");
        }

        var ns = QueryValue(uri, "namespace") ?? environment("TRIAGE_ES_NAMESPACE") ?? "default";
        if (!EsLayout.IsValidNamespace(ns))
        {
            throw new StoreException($"store: namespace '{ns}' must be 1-40 of a-z, 0-9, '_' (lower case)");
        }

        var endpoint = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty }.Uri;
        return new EsConnectionOptions
        {
            Endpoint = endpoint,
            Namespace = ns,
            ApiKey = Secret(environment, "TRIAGE_ES_API_KEY"),
            Username = environment("TRIAGE_ES_USERNAME"),
            Password = Secret(environment, "TRIAGE_ES_PASSWORD"),
            CaFile = environment("TRIAGE_ES_CA_FILE"),
            CaFingerprint = environment("TRIAGE_ES_CA_FINGERPRINT"),
            Insecure = insecure,
        };
    }

    /// <summary>The <c>Authorization</c> header value, or null for an open cluster.</summary>
    internal string? AuthorizationHeader()
    {
        if (!string.IsNullOrEmpty(ApiKey))
        {
            return "ApiKey " + ApiKey;
        }

        if (!string.IsNullOrEmpty(Username))
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + (Password ?? string.Empty)));
        }

        return null;
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

    private static string? QueryValue(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
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
