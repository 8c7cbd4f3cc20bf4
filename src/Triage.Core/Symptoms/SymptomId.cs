using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Triage.Symptoms;

/// <summary>
/// Deterministic symptom ids: a hash of the source identity and the position in it, so that
/// reading the same bytes again (a restart, a resumed collection) yields the same ids.
/// </summary>
public static class SymptomId
{
    /// <summary>
    /// Creates the id <c>s-</c> + 20 hex digits of SHA-256 over run, source identity, byte offset
    /// and rule id. The rule id is part of it because one line may be seen by several rules.
    /// </summary>
    /// <param name="run">Run name.</param>
    /// <param name="sourceId">Stable identity of the source (a file keeps it across rotation).</param>
    /// <param name="offset">Byte offset of the symptom's first line.</param>
    /// <param name="ruleId">Id of the rule that matched.</param>
    public static string Create(string run, string sourceId, long offset, string ruleId)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(ruleId);
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{run}\0{sourceId}\0{offset}\0{ruleId}");
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(text, rented);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, n), hash);
            return "s-" + Convert.ToHexStringLower(hash[..10]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
