using System.CommandLine;

namespace Triage.Cli;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = "Store: sqlite:PATH or PATH, or es:https://HOST:9200 (several nodes comma-separated, or es:cloud:CLOUD_ID) (default: $TRIAGE_STORE, else ./.triage/triage.db)",
        Recursive = true,
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Elasticsearch store: do not verify the TLS certificate (test clusters only)",
        Recursive = true,
    };

    public Option<string?> Rules { get; } = new("--rules")
    {
        Description = "Rules directory (default: $TRIAGE_RULES, else the built-in rules)",
        Recursive = true,
    };
}
