using System.Buffers;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Splits one (possibly gzip) file into lines over a pooled buffer. A returned line is valid until
/// the next call. Lines longer than the limit are dropped and counted in <see cref="TooLong"/>.
/// Read errors (a truncated or corrupt gzip, an I/O error) end the file and are kept in <see cref="Error"/>.
/// Not thread-safe.
/// </summary>
internal sealed class JsonLineSource : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxLine;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _discarding;

    private JsonLineSource(Stream stream, int maxLine)
    {
        _stream = stream;
        _maxLine = maxLine;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(maxLine, 4096) + 1);
    }

    /// <summary>The 1-based number of the last line returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Lines dropped for being longer than the limit.</summary>
    public long TooLong { get; private set; }

    /// <summary>Why reading stopped early, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Opens <paramref name="path"/>; on failure records a problem and returns null.</summary>
    public static JsonLineSource? TryOpen(string path, int maxLine, List<InputProblem> problems)
    {
        try
        {
            return new JsonLineSource(InputFile.OpenRead(path), maxLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new InputProblem(path, "cannot be read: " + e.Message));
            return null;
        }
    }

    /// <summary>The next line without its line break; false at the end (or after an error).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(JsonLineSource));
        while (true)
        {
            var pending = buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                LineNumber++;
                if (_discarding)
                {
                    _discarding = false;
                    continue;
                }

                if (newline > _maxLine)
                {
                    TooLong++;
                    continue;
                }

                line = Trim(pending[..newline]);
                return true;
            }

            if (_eof)
            {
                _start = _end;
                if (pending.Length > 0 && !_discarding)
                {
                    LineNumber++;
                    line = Trim(pending);
                    return true;
                }

                line = default;
                return false;
            }

            if (_start > 0)
            {
                pending.CopyTo(buffer);
                _end = pending.Length;
                _start = 0;
            }

            if (_end > _maxLine)
            {
                // No line break within the limit: drop what is buffered and the rest of the line.
                TooLong += _discarding ? 0 : 1;
                _discarding = true;
                _end = 0;
            }

            Fill(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            _stream.Dispose();
        }
    }

    private void Fill(byte[] buffer)
    {
        try
        {
            var read = _stream.Read(buffer, _end, buffer.Length - _end);
            _eof = read == 0;
            _end += read;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Error = e.Message;
            _eof = true;
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
