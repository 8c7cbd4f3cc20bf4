using System.Text;

namespace Triage.Storage.Embedded;

/// <summary>
/// What the store does to text it cannot keep: SQLite holds UTF-8, so a lone UTF-16 surrogate
/// (not a character, never produced by decoding a real log) becomes U+FFFD, exactly as the
/// UTF-8 encoder does for every column. NUL characters are kept, except in attribute keys.
/// </summary>
internal static class StoreText
{
    /// <summary>The string as it reads back from the store.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return value;
        }

        // Decoding what the UTF-8 encoder wrote is by definition what SQLite gives back.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>
    /// An attribute key as stored: normalized, and NUL becomes U+FFFD too, because SQLite
    /// compares JSON object labels as C strings (a stored key "a\u0000b" would match the path
    /// <c>$."a"</c>). Filters normalize their keys the same way, so such a key still matches itself.
    /// </summary>
    public static string NormalizeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Normalize(key).Replace('\0', '\uFFFD');
    }
}
