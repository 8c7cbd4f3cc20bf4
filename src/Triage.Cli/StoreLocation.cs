using Triage.Storage;
using Triage.Storage.Elasticsearch;
using Triage.Storage.Embedded;

namespace Triage.Cli;

/// <summary>
/// Where the store is: <c>--store</c>, else <c>TRIAGE_STORE</c>, else <c>./.triage/triage.db</c>.
/// Accepted forms: <c>sqlite:PATH</c> or a plain path (embedded store), <c>es:URL[,URL...]</c> or
/// <c>es:cloud:CLOUD_ID</c> (Elasticsearch through the official client, credentials from TRIAGE_ES_*
/// variables, TLS verified unless <c>--insecure</c>).
/// </summary>
internal static class StoreLocation
{
    public const string DefaultPath = ".triage/triage.db";

    public static string Describe(string? option, CliEnvironment env) => option ?? env.GetVariable("TRIAGE_STORE") ?? DefaultPath;

    public static Task<ISymptomStore> OpenAsync(string? option, CliEnvironment env, CancellationToken cancellationToken) =>
        OpenAsync(option, insecure: false, env, cancellationToken);

    public static async Task<ISymptomStore> OpenAsync(string? option, bool insecure, CliEnvironment env, CancellationToken cancellationToken)
    {
        var spec = Describe(option, env).Trim();
        if (ElasticsearchUrl(spec) is { } url)
        {
            var options = EsConnectionOptions.FromSpec(url, env.GetVariable, insecure);
            return await ElasticsearchSymptomStore.OpenAsync(options, env.Time, cancellationToken).ConfigureAwait(false);
        }

        var path = spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? spec["sqlite:".Length..] : spec;
        if (path.Length == 0)
        {
            throw new TriageException("store: empty path; use --store sqlite:PATH", ExitCodes.Usage);
        }

        return await SqliteSymptomStore.OpenAsync(env.Resolve(path), env.Time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="spec"/> names an Elasticsearch store.</summary>
    public static bool IsElasticsearch(string spec) => ElasticsearchUrl(spec.Trim()) is not null;

    /// <summary>The URL of an <c>es:URL</c> (or <c>elasticsearch:URL</c>) spec, else null.</summary>
    private static string? ElasticsearchUrl(string spec)
    {
        foreach (var prefix in new[] { "es:", "elasticsearch:" })
        {
            if (spec.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return spec[prefix.Length..];
            }
        }

        return null;
    }
}
