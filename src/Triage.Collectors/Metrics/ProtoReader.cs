using System.Buffers.Binary;

namespace Triage.Collectors.Metrics;

/// <summary>
/// A minimal protobuf wire-format reader over a span: field keys, varints, fixed 32/64-bit and
/// length-delimited values. Every read is bounds-checked and returns false on malformed input;
/// never throws.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _data = data;

    public readonly bool End => _data.IsEmpty;

    /// <summary>The next field number and wire type.</summary>
    public bool TryKey(out int field, out int wireType)
    {
        field = wireType = 0;
        if (!TryVarint(out var key) || key >> 3 is 0 or > int.MaxValue)
        {
            return false;
        }

        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        return true;
    }

    public bool TryVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_data.IsEmpty)
            {
                return false;
            }

            var b = _data[0];
            _data = _data[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryFixed32(out uint value)
    {
        value = 0;
        if (_data.Length < 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_data);
        _data = _data[4..];
        return true;
    }

    public bool TryFixed64(out ulong value)
    {
        value = 0;
        if (_data.Length < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_data);
        _data = _data[8..];
        return true;
    }

    public bool TryBytes(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryVarint(out var length) || length > (ulong)_data.Length)
        {
            return false;
        }

        value = _data[..(int)length];
        _data = _data[(int)length..];
        return true;
    }

    /// <summary>Skips a value of <paramref name="wireType"/> (groups are not supported and fail).</summary>
    public bool TrySkip(int wireType) => wireType switch
    {
        0 => TryVarint(out _),
        1 => TryFixed64(out _),
        2 => TryBytes(out _),
        5 => TryFixed32(out _),
        _ => false,
    };
}
