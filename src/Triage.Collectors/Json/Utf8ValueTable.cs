using System.Text;

namespace Triage.Collectors.Json;

/// <summary>
/// A direct-mapped cache of the strings of one property's values (see <see cref="Utf8StringCache"/>).
/// After a trial of misses with almost no hits (unique ids) it stops caching, so such values cost
/// one string each and no copies. Not thread-safe.
/// </summary>
internal sealed class Utf8ValueTable(int slots)
{
    private const int MaxCachedValueBytes = 128;
    private const int Trial = 4096;

    private readonly Slot[] _slots = new Slot[slots];
    private int _misses;
    private int _hits;
    private bool _bypass;

    /// <summary>The string for <paramref name="utf8"/>.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_bypass || utf8.Length > MaxCachedValueBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref _slots[hash.ToHashCode() & (_slots.Length - 1)];
        if (slot.Utf8 is { } cached && utf8.SequenceEqual(cached))
        {
            _hits++;
            return slot.Value!;
        }

        if (++_misses == Trial)
        {
            // Fewer than 1 hit per 16 misses: the values do not repeat enough to pay for the copies.
            _bypass = _hits < Trial / 16;
        }

        var value = Encoding.UTF8.GetString(utf8);
        slot = new Slot(utf8.ToArray(), value);
        return value;
    }

    private record struct Slot(byte[]? Utf8, string? Value);
}
