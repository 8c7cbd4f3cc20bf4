using System.Globalization;
using System.Security.Cryptography;

namespace Triage.Collectors.Collection;

/// <summary>
/// File fingerprints, written <c>K:hex</c>: SHA-256 of the first K bytes (K = min(1024, length)).
/// A growing file keeps matching its fingerprint; a truncated or replaced one does not. Compressed
/// files, which do not grow, are fingerprinted as <c>gz:LENGTH:hex</c>.
/// </summary>
internal static class Fingerprints
{
    public const int HeadBytes = 1024;

    public static string Of(DiscoveredFile file)
    {
        var k = (int)Math.Min(HeadBytes, Math.Min(file.Length, file.Head.Length));
        var hex = Convert.ToHexStringLower(SHA256.HashData(file.Head.AsSpan(0, k)))[..24];
        return file.Format == SourceFormat.GzipText
            ? string.Create(CultureInfo.InvariantCulture, $"gz:{file.Length}:{hex}")
            : string.Create(CultureInfo.InvariantCulture, $"{k}:{hex}");
    }

    /// <summary>True when <paramref name="file"/> still starts with the bytes <paramref name="fingerprint"/> was taken of.</summary>
    public static bool Matches(string fingerprint, DiscoveredFile file)
    {
        if (file.Format == SourceFormat.GzipText || fingerprint.StartsWith("gz:", StringComparison.Ordinal))
        {
            return string.Equals(fingerprint, Of(file), StringComparison.Ordinal);
        }

        var colon = fingerprint.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !int.TryParse(fingerprint.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || k > file.Head.Length || k > file.Length)
        {
            return false;
        }

        var hex = Convert.ToHexStringLower(SHA256.HashData(file.Head.AsSpan(0, k)))[..24];
        return fingerprint.AsSpan(colon + 1).SequenceEqual(hex);
    }

    /// <summary>The K of a text fingerprint (how many head bytes it covers); 0 for compressed or malformed ones.</summary>
    public static int CoveredBytes(string fingerprint)
    {
        var colon = fingerprint.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(fingerprint.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 0;
    }
}
