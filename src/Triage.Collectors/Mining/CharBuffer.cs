namespace Triage.Collectors.Mining;

/// <summary>A growable char buffer whose content is one contiguous span (StringBuilder's is not). Not thread-safe.</summary>
internal sealed class CharBuffer
{
    private char[] _chars = new char[256];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Truncate(int length) => Length = Math.Clamp(length, 0, Length);

    public void Append(char c)
    {
        Ensure(1);
        _chars[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    public ReadOnlySpan<char> Slice(int start) => _chars.AsSpan(start, Length - start);

    private void Ensure(int more)
    {
        if (Length + more > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + more));
        }
    }
}
