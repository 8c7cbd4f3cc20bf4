using System.Security.Cryptography;
using System.Text;

namespace Triage.Alerts.Tracking;

/// <summary>An alert's identity: a hash of its labels sorted by name (as Alertmanager identifies alerts).</summary>
public static class AlertFingerprint
{
    /// <summary>16 hex digits of SHA-256 over <c>name=value\n</c> of every label, in ordinal name order.</summary>
    public static string Of(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder();
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
