using System.Text;

namespace Triage.Collectors.Collection;

/// <summary>
/// A read-only stream of lines pulled one at a time from a node (nothing is staged beyond one line),
/// remembering where each line ends and the resume point after it, so a checkpoint can name the last
/// whole line at or before the extractor's safe offset. A failure of the source surfaces as an
/// <see cref="IOException"/> from <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.
/// </summary>
internal sealed class PulledLineStream(IAsyncEnumerable<PulledLine> lines, long startOffset, long startLine) : Stream
{
    private readonly IAsyncEnumerator<PulledLine> _lines = lines.GetAsyncEnumerator();
    private readonly Queue<(long End, long Lines, string Resume)> _marks = new();
    private byte[] _pending = [];
    private int _pendingAt;
    private long _offset = startOffset;
    private long _lineCount = startLine;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The last line end at or before <paramref name="offset"/>, with its line count and resume point; null when none yet.</summary>
    public (long End, long Lines, string Resume)? MarkAtOrBefore(long offset)
    {
        (long, long, string)? found = null;
        while (_marks.TryPeek(out var mark) && mark.End <= offset)
        {
            found = _marks.Dequeue();
        }

        return found;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pendingAt >= _pending.Length)
        {
            if (_done)
            {
                return 0;
            }

            bool more;
            try
            {
                more = await _lines.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or IOException))
            {
                throw new IOException(ex.Message, ex);
            }

            if (!more)
            {
                _done = true;
                return 0;
            }

            var line = _lines.Current;
            _pending = Encoding.UTF8.GetBytes(line.Text + "\n");
            _pendingAt = 0;
            _offset += _pending.Length;
            _lineCount += 1 + line.Text.AsSpan().Count('\n');
            _marks.Enqueue((_offset, _lineCount, line.Resume));
        }

        var n = Math.Min(buffer.Length, _pending.Length - _pendingAt);
        _pending.AsMemory(_pendingAt, n).CopyTo(buffer);
        _pendingAt += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _lines.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
