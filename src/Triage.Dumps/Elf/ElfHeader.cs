using System.Buffers.Binary;

namespace Triage.Dumps.Elf;

/// <summary>The parts of a 64-bit little-endian ELF header the readers need.</summary>
internal readonly record struct ElfHeader(ushort Type, ushort Machine, ulong ProgramHeaderOffset, ushort ProgramHeaderSize, ushort ProgramHeaderCount, ulong SectionHeaderOffset, ushort SectionHeaderSize, ushort SectionHeaderCount, ushort SectionNameIndex)
{
    public const int Size = 64;
    public const ushort Core = 4;
    public const ushort X86_64 = 62;
    public const ushort Aarch64 = 183;

    /// <summary>Parses <paramref name="head"/>; returns null with <paramref name="problem"/> when it is not a readable ELF64 LE header.</summary>
    public static ElfHeader? TryParse(ReadOnlySpan<byte> head, out string problem)
    {
        problem = string.Empty;
        if (head.Length < Size || !head[..4].SequenceEqual("\u007fELF"u8))
        {
            problem = "not an ELF file";
            return null;
        }

        if (head[4] != 2 || head[5] != 1)
        {
            problem = "only 64-bit little-endian ELF is supported";
            return null;
        }

        return new ElfHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(head[16..]),
            BinaryPrimitives.ReadUInt16LittleEndian(head[18..]),
            BinaryPrimitives.ReadUInt64LittleEndian(head[32..]),
            BinaryPrimitives.ReadUInt16LittleEndian(head[54..]),
            BinaryPrimitives.ReadUInt16LittleEndian(head[56..]),
            BinaryPrimitives.ReadUInt64LittleEndian(head[40..]),
            BinaryPrimitives.ReadUInt16LittleEndian(head[58..]),
            BinaryPrimitives.ReadUInt16LittleEndian(head[60..]),
            BinaryPrimitives.ReadUInt16LittleEndian(head[62..]));
    }

    /// <summary>Parses the program headers in <paramref name="table"/> (ProgramHeaderCount entries of ProgramHeaderSize bytes).</summary>
    public List<ElfSegment> ParseSegments(ReadOnlySpan<byte> table)
    {
        var segments = new List<ElfSegment>(ProgramHeaderCount);
        for (var i = 0; i < ProgramHeaderCount && (i + 1) * ProgramHeaderSize <= table.Length; i++)
        {
            var p = table.Slice(i * ProgramHeaderSize, ProgramHeaderSize);
            segments.Add(new ElfSegment(
                BinaryPrimitives.ReadUInt32LittleEndian(p),
                BinaryPrimitives.ReadUInt32LittleEndian(p[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[40..])));
        }

        return segments;
    }
}
