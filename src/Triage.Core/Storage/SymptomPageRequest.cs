namespace Triage.Storage;

/// <summary>
/// Bounded keyset paging over symptoms ordered by (timestamp, id), timeless symptoms first.
/// Pass <see cref="SymptomPage.NextCursor"/> back as <see cref="Cursor"/> for the next page.
/// </summary>
public sealed record SymptomPageRequest
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxSize = 10_000;

    /// <summary>Page size, 1..<see cref="MaxSize"/>; default 100.</summary>
    public int Size { get; init; } = 100;

    /// <summary>Opaque cursor from the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <see cref="Size"/> is out of range.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNotEqual(Size is >= 1 and <= MaxSize, true, nameof(Size));
}
