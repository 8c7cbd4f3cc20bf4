using Triage.Storage;
using Triage.Storage.Embedded;

namespace Triage.Cli;

/// <summary>
/// Where the store is: <c>--store</c>, else <c>TRIAGE_STORE</c>, else <c>./.triage/triage.db</c>.
/// Accepted forms: <c>sqlite:PATH</c> or a plain path (embedded store), <c>es:URL</c> (Elasticsearch).
/// </summary>
internal static class StoreLocation
{
    public const string DefaultPath = ".triage/triage.db";

    public static string Describe(string? option, CliEnvironment env) => option ?? env.GetVariable("TRIAGE_STORE") ?? DefaultPath;

    public static async Task<ISymptomStore> OpenAsync(string? option, CliEnvironment env, CancellationToken cancellationToken)
    {
        var spec = Describe(option, env).Trim();
        if (spec.StartsWith("es:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("elasticsearch:", StringComparison.OrdinalIgnoreCase))
        {
            throw new TriageException($"store '{spec}': the Elasticsearch store is not available in this build yet; use sqlite:PATH", ExitCodes.StoreError);
        }

        var path = spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? spec["sqlite:".Length..] : spec;
        if (path.Length == 0)
        {
            throw new TriageException("store: empty path; use --store sqlite:PATH", ExitCodes.Usage);
        }

        return await SqliteSymptomStore.OpenAsync(env.Resolve(path), env.Time, cancellationToken).ConfigureAwait(false);
    }
}
