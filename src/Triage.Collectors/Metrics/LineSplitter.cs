namespace Triage.Collectors.Metrics;

/// <summary>
/// Splits a stream into lines with bounded memory: a line longer than the limit is skipped (and
/// counted), and the last line is reported as unterminated so a reader can tell a truncated row
/// from a finished one. Reads synchronously; not thread-safe.
/// </summary>
internal sealed class LineSplitter(Stream stream, long startOffset, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[Math.Max(1 << 16, maxLineBytes + 1)];
    private int _start;
    private int _end;
    private bool _eof;
    private long _handedOut;

    /// <summary>Offset just past the last line handed out (with its newline).</summary>
    public long Consumed { get; private set; } = startOffset;

    /// <summary>Lines skipped because they were longer than the limit.</summary>
    public long LongLines { get; private set; }

    /// <summary>
    /// The 1-based number of the last line handed out, counting the skipped long lines before it
    /// (readers number rows by it, so that a row's line is its line in the file).
    /// </summary>
    public long Line { get; private set; }

    /// <summary>
    /// The next line (without CR/LF), its offset, and whether it ended with a newline (false only for
    /// the last bytes of the stream). False at the end.
    /// </summary>
    public bool TryNext(out ReadOnlySpan<byte> line, out long offset, out bool terminated)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                offset = Consumed;
                line = TrimCr(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                Consumed += newline + 1;
                terminated = true;
                if (newline > maxLineBytes)
                {
                    LongLines++;
                    continue;
                }

                Line = ++_handedOut + LongLines;
                return true;
            }

            if (_eof)
            {
                offset = Consumed;
                terminated = false;
                line = TrimCr(_buffer.AsSpan(_start, _end - _start));
                var any = _end > _start;
                Consumed += _end - _start;
                _start = _end;
                if (any)
                {
                    Line = ++_handedOut + LongLines;
                }

                return any;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer: drop what we have of it and skip to its end.
            Consumed += _end;
            _end = 0;
            LongLines++;
            SkipToNewline();
            return;
        }

        var n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    private void SkipToNewline()
    {
        while (true)
        {
            var n = stream.Read(_buffer, 0, _buffer.Length);
            if (n == 0)
            {
                _eof = true;
                return;
            }

            var newline = _buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Consumed += newline + 1;
                _start = newline + 1;
                _end = n;
                return;
            }

            Consumed += n;
        }
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
