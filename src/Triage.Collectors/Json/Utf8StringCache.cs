using System.Text;

namespace Triage.Collectors.Json;

/// <summary>
/// Turns UTF-8 property names and values into strings, reusing the string for a value seen before
/// so that 100M rows of <c>data_shard: web-0412</c> share one string. Bounded: up to
/// <see cref="MaxKeys"/> keys, each with a direct-mapped table of <see cref="SlotsPerKey"/> values,
/// so unique values only evict, never grow it; a key whose values almost never repeat (batch ids)
/// stops being cached. Not thread-safe.
/// </summary>
internal sealed class Utf8StringCache
{
    /// <summary>The most distinct property names cached.</summary>
    public const int MaxKeys = 256;

    /// <summary>Values cached per property name (a power of two).</summary>
    public const int SlotsPerKey = 1024;

    private readonly List<KeyEntry> _keys = [];

    /// <summary>The key for <paramref name="utf8"/> and its value table (null when beyond the bound).</summary>
    public string Key(ReadOnlySpan<byte> utf8, out Utf8ValueTable? values)
    {
        foreach (var entry in _keys)
        {
            if (utf8.SequenceEqual(entry.Utf8))
            {
                values = entry.Values;
                return entry.Name;
            }
        }

        var name = Encoding.UTF8.GetString(utf8);
        if (_keys.Count >= MaxKeys)
        {
            values = null;
            return name;
        }

        var added = new KeyEntry(utf8.ToArray(), name, new Utf8ValueTable(SlotsPerKey));
        _keys.Add(added);
        values = added.Values;
        return name;
    }

    /// <summary>The string for <paramref name="utf8"/>, from <paramref name="values"/> when seen before.</summary>
    public static string Value(ReadOnlySpan<byte> utf8, Utf8ValueTable? values) =>
        values is null ? Encoding.UTF8.GetString(utf8) : values.Get(utf8);

    private sealed record KeyEntry(byte[] Utf8, string Name, Utf8ValueTable Values);
}
