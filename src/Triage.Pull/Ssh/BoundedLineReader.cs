using System.Text;

namespace Triage.Pull.Ssh;

/// <summary>
/// Reads UTF-8 lines from a stream with a bound on line length: a longer line is cut at the bound and
/// the rest of it dropped, so a node cannot make the reader hold more than one bounded line.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly MemoryStream _line = new();
    private int _at;
    private int _filled;
    private bool _eof;

    /// <summary>The next line without its end, or null at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        var dropping = false;
        while (true)
        {
            if (_at == _filled)
            {
                if (_eof)
                {
                    return _line.Length > 0 || dropping ? Decode() : null;
                }

                _filled = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                _at = 0;
                if (_filled == 0)
                {
                    _eof = true;
                    continue;
                }
            }

            var span = _buffer.AsSpan(_at, _filled - _at);
            var nl = span.IndexOf((byte)'\n');
            var take = nl < 0 ? span.Length : nl;
            var room = (int)Math.Max(0, maxLineBytes - _line.Length);
            if (take > room)
            {
                dropping = true;
            }

            _line.Write(span[..Math.Min(take, room)]);
            _at += nl < 0 ? take : take + 1;
            if (nl >= 0)
            {
                return Decode();
            }
        }
    }

    private string Decode()
    {
        var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
