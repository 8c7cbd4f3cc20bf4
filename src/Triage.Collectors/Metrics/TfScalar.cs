using System.Buffers.Binary;

namespace Triage.Collectors.Metrics;

/// <summary>Decodes one <c>Summary.Value</c>: its tag and a scalar (simple_value, or a one-element float/double tensor).</summary>
internal static class TfScalar
{
    private const int DtFloat = 1;
    private const int DtDouble = 2;

    /// <summary>False when malformed; <paramref name="present"/> is false for values that are not scalars (images, histograms).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> tag, out double number, out bool present)
    {
        tag = default;
        number = 0;
        present = false;
        var reader = new ProtoReader(value);
        while (!reader.End)
        {
            if (!reader.TryKey(out var field, out var wire))
            {
                return false;
            }

            switch (field, wire)
            {
                case (1, 2):
                    if (!reader.TryBytes(out tag))
                    {
                        return false;
                    }

                    break;
                case (2, 5):
                    if (!reader.TryFixed32(out var bits))
                    {
                        return false;
                    }

                    number = BitConverter.UInt32BitsToSingle(bits);
                    present = true;
                    break;
                case (8, 2):
                    if (!reader.TryBytes(out var tensor))
                    {
                        return false;
                    }

                    present |= TryTensor(tensor, ref number);
                    break;
                default:
                    if (!reader.TrySkip(wire))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>TensorProto: dtype = 1, tensor_content = 4, float_val = 5, double_val = 6.</summary>
    private static bool TryTensor(ReadOnlySpan<byte> tensor, ref double number)
    {
        var reader = new ProtoReader(tensor);
        var dtype = 0UL;
        var found = false;
        while (!reader.End && reader.TryKey(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 0):
                    reader.TryVarint(out dtype);
                    break;
                case (4, 2) when reader.TryBytes(out var content):
                    if ((int)dtype == DtFloat && content.Length == 4)
                    {
                        number = BinaryPrimitives.ReadSingleLittleEndian(content);
                        found = true;
                    }
                    else if ((int)dtype == DtDouble && content.Length == 8)
                    {
                        number = BinaryPrimitives.ReadDoubleLittleEndian(content);
                        found = true;
                    }

                    break;
                case (5, 5) when reader.TryFixed32(out var f):
                    number = BitConverter.UInt32BitsToSingle(f);
                    found = true;
                    break;
                case (5, 2) when reader.TryBytes(out var packed) && packed.Length >= 4:
                    number = BinaryPrimitives.ReadSingleLittleEndian(packed);
                    found = true;
                    break;
                case (6, 1) when reader.TryFixed64(out var d):
                    number = BitConverter.UInt64BitsToDouble(d);
                    found = true;
                    break;
                case (6, 2) when reader.TryBytes(out var packedDoubles) && packedDoubles.Length >= 8:
                    number = BinaryPrimitives.ReadDoubleLittleEndian(packedDoubles);
                    found = true;
                    break;
                default:
                    if (!reader.TrySkip(wire))
                    {
                        return found;
                    }

                    break;
            }
        }

        return found;
    }
}
