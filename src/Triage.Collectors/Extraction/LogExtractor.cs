using System.Buffers;
using System.Text;
using Triage.Collectors.Lines;
using Triage.Collectors.Mining;
using Triage.Rules;
using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// Reads one log stream and turns it into symptoms. Benign lines cost almost nothing: each chunk
/// is searched for the rules' literals with a vectorised multi-string search (<see cref="LiteralScanner"/>,
/// over the bytes, or widened to Latin-1 chars); only lines holding a literal (and lines
/// inside an open multi-line block) are decoded as UTF-8, parsed for who/when and matched.
/// Not thread-safe: one instance per stream.
/// (Over 400 lines on purpose: one hot loop whose position, line count, inherited time and safe
/// resume point must move together; split apart they would have to be kept in step by hand.)
/// </summary>
internal sealed class LogExtractor
{
    private readonly ExtractionLimits _limits;
    private const int PrefixWindowBytes = 1024;
    private readonly LiteralScanner _scanner;
    private readonly LiteralScanner.State _scan;
    private readonly SymptomFactory _factory;
    private readonly LaunchFacts _launch = new();
    private readonly LineParser _parser;
    private readonly ExtractionSession<LineContext> _session;
    private readonly List<RuleMatch<LineContext>> _matches = [];
    private readonly List<Symptom> _batch = [];
    private readonly UnknownLineMiner _unknown;
    private char[] _decoded = new char[1024];
    private char[] _decodedPreceding = new char[1024];

    // Time inheritance: _lastTs is the time of the nearest timestamped line before _tsKnownUpTo.
    private DateTimeOffset? _lastTs;
    private long _tsKnownUpTo;
    private long _lineNo;
    private long _idleLinesWithOpenBlocks;
    private long _truncatedLines;
    private long _symptoms;
    private string? _streamError;
    private SourceCursor _safe;

    public LogExtractor(RuleSet rules, SourceIdentity source, ExtractionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(source);
        _limits = limits ?? ExtractionLimits.Default;
        _scanner = LiteralScanner.For(rules);
        _scan = _scanner.NewState();
        _factory = new SymptomFactory(source, _launch);
        _parser = new LineParser(source.ReferenceTime);
        _session = rules.CreateSession<LineContext>();
        _unknown = new UnknownLineMiner(_limits);
    }

    /// <summary>True while a multi-line block waits for more lines.</summary>
    public bool HasOpenBlocks => _session.HasOpenBlocks;

    /// <summary>
    /// Reads <paramref name="stream"/> (already positioned at <paramref name="start"/>) to its end and
    /// calls <paramref name="commitAsync"/> with batches of symptoms and safe resume points.
    /// When <paramref name="finalPass"/> is false (following a growing file) an unterminated last
    /// line and open blocks are left for the next pass; otherwise they are consumed.
    /// </summary>
    public async Task<ExtractionOutcome> RunAsync(
        Stream stream,
        SourceCursor start,
        bool finalPass,
        Func<ExtractionBatch, CancellationToken, Task> commitAsync,
        CancellationToken cancellationToken)
    {
        _lineNo = start.Line;
        _lastTs = start.LastTimestamp;
        _tsKnownUpTo = start.Offset;
        _safe = start;
        var capacity = _limits.ChunkBytes + _limits.MaxLineBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var filled = 0;
        var bufferOffset = start.Offset;
        var skippingOverlong = false;
        var lastCommitOffset = start.Offset;
        var lastCommitted = start;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = await ReadSomeAsync(stream, buffer.AsMemory(filled, capacity - filled), cancellationToken).ConfigureAwait(false);
                var eof = read == 0;
                filled += read;
                var span = buffer.AsSpan(0, filled);

                if (skippingOverlong)
                {
                    var nl = span.IndexOf((byte)'\n');
                    if (nl < 0 && !eof)
                    {
                        bufferOffset += filled;
                        filled = 0;
                        continue;
                    }

                    // The tail of an overlong line: count it as part of that line and drop it.
                    var drop = nl < 0 ? filled : nl + 1;
                    bufferOffset += drop;
                    _lineNo++;
                    Shift(buffer, ref filled, drop);
                    skippingOverlong = false;
                    span = buffer.AsSpan(0, filled);
                }

                var end = span.LastIndexOf((byte)'\n') + 1;
                if (end == 0 && filled >= _limits.MaxLineBytes && !eof)
                {
                    // No line end within the limit: the head stands for the line (cut and flagged,
                    // exactly as FeedLine cuts a long line that did fit), the rest is skipped.
                    ConsiderOverlongHead(span[.._limits.MaxLineBytes], bufferOffset);
                    bufferOffset += filled;
                    filled = 0;
                    skippingOverlong = true;
                    continue;
                }

                if (end > 0)
                {
                    ProcessRegion(span[..end], bufferOffset, lastLineUnterminated: false);
                    bufferOffset += end;
                    Shift(buffer, ref filled, end);
                }

                if (eof && finalPass)
                {
                    // The last line has no newline yet: read it, but resume before it, so that if
                    // the file grows the completed line is read again under the same id and number.
                    var terminated = new SourceCursor(bufferOffset, _lineNo, _lastTs);
                    if (filled > 0)
                    {
                        ProcessRegion(buffer.AsSpan(0, filled), bufferOffset, lastLineUnterminated: true);
                    }

                    _session.Flush(_matches);
                    DrainMatches();
                    _safe = terminated;
                    bufferOffset += filled;
                    filled = 0;
                }

                var due = eof || _batch.Count >= _limits.BatchSymptoms || bufferOffset - lastCommitOffset >= _limits.CheckpointBytes;
                if (due && (_batch.Count > 0 || _safe != lastCommitted))
                {
                    // Nothing new (an unchanged file on a repeated or following pass): no write at all.
                    await commitAsync(new ExtractionBatch(_batch, _safe, eof && finalPass), cancellationToken).ConfigureAwait(false);
                    _batch.Clear();
                    lastCommitOffset = bufferOffset;
                    lastCommitted = _safe;
                }

                if (eof)
                {
                    var outcome = new ExtractionOutcome(_safe, bufferOffset - start.Offset, _lineNo - start.Line, _symptoms, _truncatedLines, _streamError);
                    return outcome;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<int> ReadSomeAsync(Stream stream, Memory<byte> into, CancellationToken cancellationToken)
    {
        if (_streamError is not null)
        {
            return 0;
        }

        try
        {
            return await stream.ReadAsync(into, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            // A truncated or corrupt compressed stream ends the source where it breaks; everything
            // decodable before the break is kept and the caller records the damage.
            _streamError = ex.Message;
            return 0;
        }
    }

    private static void Shift(byte[] buffer, ref int filled, int consumed)
    {
        var rest = filled - consumed;
        if (rest > 0)
        {
            Buffer.BlockCopy(buffer, consumed, buffer, 0, rest);
        }

        filled = rest;
    }

    private void ProcessRegion(ReadOnlySpan<byte> region, long regionOffset, bool lastLineUnterminated)
    {
        _scan.Reset();
        var pos = 0;
        while (pos < region.Length)
        {
            if (_session.HasOpenBlocks)
            {
                // Only lines of a stream with an open block (or with a literal) can change blocks;
                // the rest are parsed for who wrote them and skipped. Blocks whose writers stay
                // silent for a while are closed, so a merged file cannot keep this path busy.
                var next = NextLine(region, pos);
                var hasLiteral = _scan.Next(region, pos) is var h && h >= 0 && h < next.End;
                if (!FeedIfBlockStream(Trim(region[pos..next.End]), regionOffset + pos, hasLiteral))
                {
                    _lineNo++;
                    if (++_idleLinesWithOpenBlocks > _limits.BlockIdleLines)
                    {
                        _session.Flush(_matches);
                        DrainMatches();
                    }
                }
                else
                {
                    _idleLinesWithOpenBlocks = 0;
                }

                pos = next.Next;
                if (!_session.HasOpenBlocks)
                {
                    _idleLinesWithOpenBlocks = 0;
                    MarkSafe(regionOffset + pos, region, pos);
                }

                continue;
            }

            var hitAt = _scan.Next(region, pos);
            if (hitAt < 0)
            {
                _lineNo += region[pos..].Count((byte)'\n');
                if (lastLineUnterminated)
                {
                    _lineNo++;
                }

                pos = region.Length;
                break;
            }

            var lineStart = region[pos..hitAt].LastIndexOf((byte)'\n') + 1 + pos;
            _lineNo += region[pos..lineStart].Count((byte)'\n');
            var line = NextLine(region, lineStart);
            if (hitAt - lineStart >= _limits.MaxLineBytes - _scanner.Longest)
            {
                // Near the cut of a long line: where the line's first literal starts (the scan may
                // have found one held inside it, a little later) decides whether the cut keeps it.
                hitAt = _scanner.Earliest(region, lineStart, hitAt);
            }

            if (hitAt - lineStart < _limits.MaxLineBytes)
            {
                // The time inherited from the lines before is looked for only if this line has none.
                FeedLine(Trim(region[lineStart..line.End]), regionOffset + lineStart, preceding: region[..lineStart], precedingOffset: regionOffset);
            }
            else
            {
                // The literal lies beyond the cut of an overlong line: the cut line holds none.
                _lineNo++;
                _truncatedLines++;
            }

            pos = line.Next;
            if (!_session.HasOpenBlocks)
            {
                MarkSafe(regionOffset + pos, region, pos);
            }
        }

        if (!_session.HasOpenBlocks)
        {
            MarkSafe(regionOffset + region.Length, region, region.Length);
        }
    }

    private static (int End, int Next) NextLine(ReadOnlySpan<byte> region, int start)
    {
        var nl = region[start..].IndexOf((byte)'\n');
        return nl < 0 ? (region.Length, region.Length) : (start + nl, start + nl + 1);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>Records a resume point at a line start, with the exact inherited time there.</summary>
    private void MarkSafe(long offset, ReadOnlySpan<byte> region, int regionPos)
    {
        UpdateLastTimestamp(region, regionPos, offset - regionPos);
        _safe = new SourceCursor(offset, _lineNo, _lastTs);
    }

    /// <summary>Feeds the head of a line longer than the buffer when it would have been fed whole.</summary>
    private void ConsiderOverlongHead(ReadOnlySpan<byte> head, long offset)
    {
        var scan = _scanner.NewState();
        scan.Reset();
        if (_session.HasOpenBlocks || scan.Next(head, 0) >= 0)
        {
            FeedLine(head, offset, forceTruncated: true);
        }
        else
        {
            _lineNo++;
            _truncatedLines++;
        }

        _lineNo--; // the line is counted again when its newline arrives
    }

    /// <summary>Feeds the line when it has a literal or its writer has an open block; else only tracks its time.</summary>
    private bool FeedIfBlockStream(ReadOnlySpan<byte> line, long offset, bool hasLiteral)
    {
        if (hasLiteral)
        {
            FeedLine(line, offset);
            return true;
        }

        // Prefixes sit at the start: a bounded window is enough to know the writer and the time.
        var info = _parser.Parse(Decode(line[..Math.Min(line.Length, PrefixWindowBytes)]));
        if (info.Timestamp is { } ts)
        {
            _lastTs = ts;
        }

        _tsKnownUpTo = offset + line.Length;
        if (!_session.HasOpenBlock(info.StreamKey))
        {
            return false;
        }

        FeedLine(line, offset);
        return true;
    }

    /// <summary>
    /// Feeds one line. When <paramref name="preceding"/> is given (the region up to the line, starting at
    /// <paramref name="precedingOffset"/>) the lines in it not yet seen for their time are looked at,
    /// back from the line, only if the line has no time of its own: that time would replace theirs.
    /// </summary>
    private void FeedLine(ReadOnlySpan<byte> line, long offset, bool forceTruncated = false, ReadOnlySpan<byte> preceding = default, long precedingOffset = -1)
    {
        var truncated = forceTruncated || line.Length > _limits.MaxLineBytes;
        if (truncated)
        {
            line = line[..Math.Min(line.Length, _limits.MaxLineBytes)];
            _truncatedLines++;
        }

        _lineNo++;
        var chars = JsonLogLine.TryUnwrap(line, out var relayed) ? relayed.AsSpan() : Decode(line);
        var info = _parser.Parse(chars);
        DateTimeOffset? ts = info.Timestamp;
        var inferred = false;
        if (ts is null)
        {
            if (precedingOffset >= 0)
            {
                UpdateLastTimestamp(preceding, preceding.Length, precedingOffset);
            }

            ts = _lastTs;
            inferred = ts is not null;
        }
        else
        {
            _lastTs = ts;
        }

        _tsKnownUpTo = offset + line.Length;
        var context = new LineContext(_lineNo, offset, info, ts, inferred, truncated);
        var start = Math.Clamp(info.ContentStart, 0, chars.Length);
        var content = chars[start..];
        _session.Process(content, info.StreamKey, offset, context, _matches);
        if (LaunchFacts.Mentions(content))
        {
            // Launcher and library statements (rank tables, restarts, versions): facts, and ranks for later lines.
            var before = _batch.Count;
            _launch.Observe(content, context, _factory, _batch);
            _symptoms += _batch.Count - before;
        }
        if (_matches.Count == 0 && !_session.HasOpenBlock(info.StreamKey) && _unknown.TryMine(content, context, _factory) is { } unknown)
        {
            _batch.Add(unknown);
            _symptoms++;
        }

        DrainMatches();
    }

    /// <summary>
    /// Brings <see cref="_lastTs"/> up to <paramref name="regionPos"/> by scanning back over the
    /// lines not fed since <see cref="_tsKnownUpTo"/>: the nearest one with a time wins.
    /// </summary>
    private void UpdateLastTimestamp(ReadOnlySpan<byte> region, int regionPos, long regionOffset)
    {
        var known = (int)Math.Clamp(_tsKnownUpTo - regionOffset, 0, regionPos);
        var end = regionPos;
        while (end > known)
        {
            var lineEnd = end;
            if (region[lineEnd - 1] == (byte)'\n')
            {
                lineEnd--;
            }

            var lineStart = region[known..lineEnd].LastIndexOf((byte)'\n') + 1 + known;
            var line = Trim(region[lineStart..lineEnd]);
            if (line.Length > 0 && line.Length <= _limits.MaxLineBytes)
            {
                // Its own buffer: FeedLine calls this while its line's chars are in _decoded.
                var ts = _parser.Parse(Decode(line, ref _decodedPreceding)).Timestamp;
                if (ts is not null)
                {
                    _lastTs = ts;
                    break;
                }
            }

            end = lineStart;
        }

        _tsKnownUpTo = regionOffset + regionPos;
    }

    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> line) => Decode(line, ref _decoded);

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> line, ref char[] into)
    {
        var max = Encoding.UTF8.GetMaxCharCount(line.Length);
        if (into.Length < max)
        {
            into = new char[Math.Max(max, into.Length * 2)];
        }

        // Invalid UTF-8 becomes U+FFFD (the default replacement fallback); never throws.
        var n = Encoding.UTF8.GetChars(line, into);
        return into.AsSpan(0, n);
    }

    private void DrainMatches()
    {
        foreach (var match in _matches)
        {
            _batch.Add(_factory.Create(match));
            _symptoms++;
        }

        _matches.Clear();
    }
}
