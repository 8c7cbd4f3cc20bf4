namespace Triage.Collectors.Lines;

/// <summary>
/// A small round-robin cache so that the host names and stream keys repeated on every line of a file are
/// allocated once. Not thread-safe; one per <see cref="LineParser"/>.
/// </summary>
internal sealed class StringCache
{
    private readonly string?[] _entries;
    private int _next;

    public StringCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _entries = new string?[capacity];
    }

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        foreach (var entry in _entries)
        {
            if (entry is not null && value.SequenceEqual(entry))
            {
                return entry;
            }
        }

        var created = value.ToString();
        _entries[_next] = created;
        _next = (_next + 1) % _entries.Length;
        return created;
    }
}
