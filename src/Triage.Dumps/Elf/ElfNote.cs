using System.Buffers.Binary;

namespace Triage.Dumps.Elf;

/// <summary>One ELF note: owner name, type and descriptor bytes.</summary>
internal readonly record struct ElfNote(string Name, uint Type, ReadOnlyMemory<byte> Descriptor)
{
    public const uint PrStatus = 1;
    public const uint PrPsInfo = 3;
    public const uint Auxv = 6;
    public const uint GnuBuildId = 3;
    public const uint SigInfo = 0x53494749;
    public const uint File = 0x46494c45;

    /// <summary>Splits a note segment into notes; stops (without throwing) at the first malformed one and says so in <paramref name="complete"/>.</summary>
    public static List<ElfNote> Parse(ReadOnlyMemory<byte> data, out bool complete)
    {
        var notes = new List<ElfNote>();
        var span = data.Span;
        var at = 0;
        complete = true;
        while (at + 12 <= span.Length)
        {
            var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
            var descSize = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 4)..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 8)..]);
            var nameAt = (long)at + 12;
            var descAt = nameAt + Align4(nameSize);
            var next = descAt + Align4(descSize);
            if (descAt + descSize > span.Length)
            {
                complete = false;
                break;
            }

            var name = span.Slice((int)nameAt, (int)nameSize).TrimEnd((byte)0);
            notes.Add(new ElfNote(System.Text.Encoding.ASCII.GetString(name), type, data.Slice((int)descAt, (int)descSize)));
            at = (int)Math.Min(next, span.Length);
        }

        return notes;
    }

    private static long Align4(uint n) => (n + 3L) & ~3L;
}
