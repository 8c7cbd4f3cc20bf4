using System.Buffers.Binary;
using System.Text;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Scalars from a TensorBoard event file: TFRecord framing (u64 length, masked CRC-32C of the
/// length, data, masked CRC-32C of the data) around <c>Event</c> protos (wall_time = 1, step = 2,
/// summary = 5; Summary.value = 1; Value: tag = 1, simple_value = 2, tensor = 8 holding one float or
/// double). Consecutive events of one step become one row. A record whose CRC does not match, or
/// that is cut short, ends the file and is counted: what came before is kept.
/// </summary>
internal sealed class TfEventsSource(Stream stream, MetricsProblems problems, int maxRecordBytes) : IMetricsRowSource
{
    private const int MaxValuesPerRow = 256;

    private readonly byte[] _header = new byte[12];
    private readonly List<KeyValuePair<string, double>> _pending = [];
    private readonly List<KeyValuePair<string, double>> _current = [];
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private byte[] _data = new byte[1 << 12];
    private long _record;
    private long _pendingStep = -1;
    private long _pendingOffset;
    private long _pendingRecord;
    private DateTimeOffset? _pendingTime;
    private bool _done;

    public long Consumed { get; private set; }

    /// <summary>Whether <paramref name="head"/> starts with a TFRecord whose length CRC matches.</summary>
    public static bool Looks(ReadOnlySpan<byte> head) =>
        head.Length >= 12
        && BinaryPrimitives.ReadUInt64LittleEndian(head) is > 0 and < (1UL << 30)
        && BinaryPrimitives.ReadUInt32LittleEndian(head[8..]) == Crc32C.Masked(head[..8]);

    public bool TryRead(MetricRow row)
    {
        while (!_done)
        {
            var offset = Consumed;
            if (!TryRecord(out var data))
            {
                _done = true;
                break;
            }

            _current.Clear();
            if (!TryEvent(data, out var step, out var time))
            {
                problems.Add("TensorBoard records that are not events", _record);
                continue;
            }

            if (_current.Count == 0)
            {
                continue; // file_version, graph, ... : not scalars
            }

            var emitted = _pendingStep >= 0 && step != _pendingStep && Emit(row);
            if (_pendingStep < 0)
            {
                (_pendingStep, _pendingTime, _pendingOffset, _pendingRecord) = (step, time, offset, _record);
            }

            foreach (var value in _current)
            {
                if (_pending.Count < MaxValuesPerRow)
                {
                    _pending.Add(value);
                }
            }

            if (emitted)
            {
                return true;
            }
        }

        return _pendingStep >= 0 && Emit(row);
    }

    /// <summary>Moves the pending row into <paramref name="row"/>; always true.</summary>
    private bool Emit(MetricRow row)
    {
        row.Clear();
        row.Step = _pendingStep;
        row.Time = _pendingTime;
        row.Line = _pendingRecord;
        row.Offset = _pendingOffset;
        row.Values.AddRange(_pending);
        _pending.Clear();
        _pendingStep = -1;
        return true;
    }

    private bool TryRecord(out ReadOnlySpan<byte> data)
    {
        data = default;
        var n = stream.ReadAtLeast(_header, 12, throwOnEndOfStream: false);
        if (n == 0)
        {
            return false;
        }

        _record++;
        var length = n == 12 ? BinaryPrimitives.ReadUInt64LittleEndian(_header) : 0;
        if (n < 12)
        {
            problems.Add("truncated last TensorBoard record", _record);
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(8)) != Crc32C.Masked(_header.AsSpan(0, 8)) || length > (ulong)maxRecordBytes)
        {
            problems.Add("corrupt TensorBoard records (length CRC mismatch; the rest of the file is not read)", _record);
            return false;
        }

        if (_data.Length < (int)length + 4)
        {
            _data = new byte[Math.Max((int)length + 4, _data.Length * 2)];
        }

        var got = stream.ReadAtLeast(_data.AsSpan(0, (int)length + 4), (int)length + 4, throwOnEndOfStream: false);
        if (got < (int)length + 4)
        {
            problems.Add("truncated last TensorBoard record", _record);
            return false;
        }

        data = _data.AsSpan(0, (int)length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan((int)length)) != Crc32C.Masked(data))
        {
            problems.Add("corrupt TensorBoard records (data CRC mismatch; the rest of the file is not read)", _record);
            return false;
        }

        Consumed += 12 + (long)length + 4;
        return true;
    }

    /// <summary>Decodes an Event; scalar values are appended to the pending row. False when malformed.</summary>
    private bool TryEvent(ReadOnlySpan<byte> data, out long step, out DateTimeOffset? time)
    {
        step = 0;
        time = null;
        var reader = new ProtoReader(data);
        var summary = ReadOnlySpan<byte>.Empty;
        while (!reader.End)
        {
            if (!reader.TryKey(out var field, out var wire))
            {
                return false;
            }

            switch (field, wire)
            {
                case (1, 1):
                    if (!reader.TryFixed64(out var bits))
                    {
                        return false;
                    }

                    var seconds = BitConverter.UInt64BitsToDouble(bits);
                    time = seconds is > 0 and < 32_503_680_000 ? DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)) : null;
                    break;
                case (2, 0):
                    if (!reader.TryVarint(out var s))
                    {
                        return false;
                    }

                    step = (long)s;
                    break;
                case (5, 2):
                    if (!reader.TryBytes(out summary))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!reader.TrySkip(wire))
                    {
                        return false;
                    }

                    break;
            }
        }

        return TrySummary(summary);
    }

    private bool TrySummary(ReadOnlySpan<byte> summary)
    {
        var reader = new ProtoReader(summary);
        while (!reader.End)
        {
            if (!reader.TryKey(out var field, out var wire))
            {
                return false;
            }

            if (field != 1 || wire != 2)
            {
                if (!reader.TrySkip(wire))
                {
                    return false;
                }

                continue;
            }

            if (!reader.TryBytes(out var value) || !TfScalar.TryRead(value, out var tag, out var number, out var present))
            {
                return false;
            }

            if (present && !tag.IsEmpty && _current.Count < MaxValuesPerRow)
            {
                var (name, scale) = MetricNames.Canonical(Tag(tag));
                _current.Add(new(name, number * scale));
            }
        }

        return true;
    }

    private string Tag(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        if (_tags.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_tags.Count < 1024)
        {
            _tags[text] = text;
        }

        return text;
    }
}
