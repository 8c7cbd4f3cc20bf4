using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Names of everything the store keeps in one namespace: the symptom data stream and the plain
/// indices (each behind an alias whose first index is <c>ALIAS-000001</c>).
/// </summary>
internal sealed partial class EsLayout
{
    /// <summary>Version of our templates; bump when a mapping changes.</summary>
    public const int TemplateVersion = 1;

    public EsLayout(string ns)
    {
        Namespace = ns;
    }

    public string Namespace { get; }

    /// <summary>Symptoms (a data stream; ECS documents).</summary>
    public string Events => "triage-events-" + Namespace;

    public string Hypotheses => "triage-hypotheses-" + Namespace;

    public string Analyses => "triage-analyses-" + Namespace;

    public string Votes => "triage-votes-" + Namespace;

    public string Reviews => "triage-reviews-" + Namespace;

    public string Checkpoints => "triage-checkpoints-" + Namespace;

    public string Failures => "triage-failures-" + Namespace;

    public string DeadLetters => "triage-deadletter-" + Namespace;

    /// <summary>The plain-index kinds, each with its own template <c>triage-KIND</c> for pattern <c>triage-KIND-*</c>.</summary>
    public static IReadOnlyList<string> StateKinds { get; } = ["hypotheses", "analyses", "votes", "reviews", "checkpoints", "failures", "deadletter"];

    public string Alias(string kind) => $"triage-{kind}-{Namespace}";

    public static bool IsValidNamespace(string ns) => NamespacePattern().IsMatch(ns);

    /// <summary>A document id from its key parts: hex SHA-256 (ids must be under 512 bytes; keys may be long).</summary>
    public static string DocumentId(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(bytes);
    }

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex NamespacePattern();
}
