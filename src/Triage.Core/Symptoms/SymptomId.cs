using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Triage.Symptoms;

/// <summary>
/// Deterministic symptom ids: a hash of the source identity and the position in it, so that
/// reading the same bytes again (a restart, a resumed collection) yields the same ids.
/// </summary>
public static class SymptomId
{
    private const int StackBytes = 512;

    /// <summary>
    /// Creates the id <c>s-</c> + 20 hex digits of SHA-256 over the UTF-8 of
    /// <c>run \0 sourceId \0 offset \0 ruleId</c> (offset in invariant decimal). The rule id is part
    /// of it because one line may be seen by several rules. The parts are encoded straight into one
    /// buffer (no intermediate string); the bytes hashed are those of the formatted string, so ids
    /// stay the same as they always were (pinned by tests).
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
        var max = Encoding.UTF8.GetMaxByteCount(run.Length + sourceId.Length + ruleId.Length) + 3 + 20;
        byte[]? rented = null;
        var buffer = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(run, buffer);
            buffer[n++] = 0;
            n += Encoding.UTF8.GetBytes(sourceId, buffer[n..]);
            buffer[n++] = 0;
            offset.TryFormat(buffer[n..], out var digits, default, CultureInfo.InvariantCulture);
            n += digits;
            buffer[n++] = 0;
            n += Encoding.UTF8.GetBytes(ruleId, buffer[n..]);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..n], hash);
            Span<char> id = stackalloc char[22];
            id[0] = 's';
            id[1] = '-';
            Convert.TryToHexStringLower(hash[..10], id[2..], out _);
            return new string(id);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
