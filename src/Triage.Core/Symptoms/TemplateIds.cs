using System.Security.Cryptography;
using System.Text;

namespace Triage.Symptoms;

/// <summary>Stable template ids: <c>t</c> + the first 16 hex digits of SHA-256 of the UTF-8 template text. Thread-safe.</summary>
public static class TemplateIds
{
    /// <summary>The id of <paramref name="templateText"/>.</summary>
    public static string Of(string templateText)
    {
        ArgumentNullException.ThrowIfNull(templateText);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(templateText), hash);
        return "t" + Convert.ToHexStringLower(hash[..8]);
    }
}
