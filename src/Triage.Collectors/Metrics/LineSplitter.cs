namespace Triage.Collectors.Metrics;

/// <summary>
/// Splits a stream into lines with bounded memory: a line longer than the limit is skipped (and
/// counted), and the last line is reported as unterminated so a reader can tell a truncated row
/// from a finished one. Reads synchronously; not thread-safe.
/// </summary>
internal sealed class LineSplitter(Stream stream, long startOffset, int maxLineBytes, int bufferBytes = 1 << 16)
{
    private readonly byte[] _buffer = new byte[Math.Max(bufferBytes, maxLineBytes + 1)];
    private int _start;
    private int _end;
    private bool _eof;
    private long _lines;

    // TryNextHolding's search state per string: where in the buffer it was found (valid while at or
    // after _start), and before which index it does not start (so no byte is searched twice).
    private readonly int[] _foundAt = [-1, -1];
    private readonly int[] _absentBefore = [0, 0];

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
                terminated = true;
                if (Take(newline, out line, out offset))
                {
                    return true;
                }

                continue;
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
                    Line = ++_lines;
                }

                return any;
            }

            Fill();
        }
    }

    /// <summary>
    /// The next line that <see cref="TryNext"/> would hand out and that holds <paramref name="first"/> or
    /// <paramref name="second"/>: the same line, offset, <see cref="Line"/>, <see cref="Consumed"/> and
    /// <see cref="LongLines"/>, without splitting the lines between (the buffer is searched for the two
    /// byte strings; a log's metrics pass reads every line for its one iteration line in ten or twenty).
    /// </summary>
    public bool TryNextHolding(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, out ReadOnlySpan<byte> line, out long offset, out bool terminated)
    {
        while (true)
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            var hit = Earliest(Find(0, first), Find(1, second));
            hit = hit < 0 ? -1 : hit - _start;
            if (hit < 0)
            {
                // No line in the buffer holds either: pass its complete lines; the partial one may.
                SkipLines(window.LastIndexOf((byte)'\n') + 1);
                if (_eof)
                {
                    offset = Consumed;
                    terminated = false;
                    line = default;
                    Consumed += _end - _start;
                    _start = _end;
                    return false;
                }

                Fill();
                continue;
            }

            SkipLines(window[..hit].LastIndexOf((byte)'\n') + 1);
            window = _buffer.AsSpan(_start, _end - _start);
            var newline = window.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (!_eof)
                {
                    Fill();
                    continue;
                }

                // The unterminated last line (not empty: it holds the hit).
                offset = Consumed;
                terminated = false;
                line = TrimCr(window);
                Consumed += window.Length;
                _start = _end;
                Line = ++_lines;
                return true;
            }

            terminated = true;
            if (Take(newline, out line, out offset))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Hands out the line of <paramref name="newline"/> bytes at the buffer's start and moves past
    /// it; false (the line counted and skipped) when it is longer than the limit.
    /// </summary>
    private bool Take(int newline, out ReadOnlySpan<byte> line, out long offset)
    {
        offset = Consumed;
        line = TrimCr(_buffer.AsSpan(_start, newline));
        _start += newline + 1;
        Consumed += newline + 1;
        _lines++;
        if (newline > maxLineBytes)
        {
            LongLines++;
            return false;
        }

        Line = _lines;
        return true;
    }

    private static int Earliest(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

    /// <summary>Buffer index of the first occurrence of <paramref name="value"/> at or after <see cref="_start"/>, or -1.</summary>
    private int Find(int which, ReadOnlySpan<byte> value)
    {
        if (_foundAt[which] >= _start)
        {
            return _foundAt[which];
        }

        var from = Math.Max(_start, _absentBefore[which]);
        var i = _buffer.AsSpan(from, _end - from).IndexOf(value);
        if (i >= 0)
        {
            return _foundAt[which] = from + i;
        }

        // Not in the buffer; one may still start in its last value.Length - 1 bytes and end in the next read.
        _absentBefore[which] = Math.Max(from, _end - value.Length + 1);
        return -1;
    }

    /// <summary>The buffer's bytes moved down by <paramref name="by"/>, or (null) were dropped.</summary>
    private void Moved(int? by)
    {
        for (var i = 0; i < _foundAt.Length; i++)
        {
            _foundAt[i] = by is { } b && _foundAt[i] >= b ? _foundAt[i] - b : -1;
            _absentBefore[i] = by is { } c ? Math.Max(0, _absentBefore[i] - c) : 0;
        }
    }

    /// <summary>Passes the complete lines in the next <paramref name="bytes"/> bytes of the buffer (which end at a line end), counting them.</summary>
    private void SkipLines(int bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        var lines = _buffer.AsSpan(_start, bytes);
        if (bytes > maxLineBytes + 1)
        {
            // Room for a line over the limit: count those.
            var rest = lines;
            while (rest.IndexOf((byte)'\n') is var newline and >= 0)
            {
                if (newline > maxLineBytes)
                {
                    LongLines++;
                }

                rest = rest[(newline + 1)..];
            }
        }

        _lines += lines.Count((byte)'\n');
        _start += bytes;
        Consumed += bytes;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            Moved(_start);
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A line longer than the buffer: drop what we have of it and skip to its end.
            Consumed += _end;
            _end = 0;
            LongLines++;
            _lines++;
            Moved(null);
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
