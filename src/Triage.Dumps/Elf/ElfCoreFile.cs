using Microsoft.Win32.SafeHandles;

namespace Triage.Dumps.Elf;

/// <summary>
/// An ELF core file opened for bounded random reads: its header, program headers, notes and the
/// process memory its PT_LOAD segments hold. Not thread-safe. Dispose closes the file.
/// </summary>
internal sealed class ElfCoreFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly List<ElfSegment> _loads;

    private ElfCoreFile(string path, SafeFileHandle handle, long length, ElfHeader header, List<ElfSegment> segments, List<ElfNote> notes, bool notesComplete)
    {
        Path = path;
        _handle = handle;
        Length = length;
        Header = header;
        Segments = segments;
        Notes = notes;
        NotesComplete = notesComplete;
        _loads = segments.Where(s => s.Type == ElfSegment.Load).OrderBy(s => s.VirtualAddress).ToList();
    }

    public string Path { get; }

    public long Length { get; }

    public ElfHeader Header { get; }

    public IReadOnlyList<ElfSegment> Segments { get; }

    public IReadOnlyList<ElfNote> Notes { get; }

    /// <summary>False when the notes ended early (a truncated or damaged file).</summary>
    public bool NotesComplete { get; }

    /// <summary>Loaded segments whose bytes lie beyond the end of the file (a truncated dump).</summary>
    public int MissingSegments => _loads.Count(s => s.FileSize > 0 && (long)(s.Offset + s.FileSize) > Length);

    /// <exception cref="DumpReadException">Not an ELF core, or its headers are damaged.</exception>
    public static ElfCoreFile Open(string path, DumpLimits limits)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var head = new byte[ElfHeader.Size];
            var n = RandomAccess.Read(handle, head, 0);
            var header = ElfHeader.TryParse(head.AsSpan(0, n), out var problem)
                ?? throw new DumpReadException(path, problem);
            if (header.Type != ElfHeader.Core)
            {
                throw new DumpReadException(path, $"ELF type {header.Type} is not a core file (ET_CORE)");
            }

            if (header.ProgramHeaderSize < 56 || header.ProgramHeaderCount == 0 || header.ProgramHeaderCount > limits.MaxSegments)
            {
                throw new DumpReadException(path, $"bad program header table ({header.ProgramHeaderCount} entries of {header.ProgramHeaderSize} bytes)");
            }

            var tableBytes = header.ProgramHeaderSize * header.ProgramHeaderCount;
            if (header.ProgramHeaderOffset + (ulong)tableBytes > (ulong)length)
            {
                throw new DumpReadException(path, $"truncated: the program headers end past the file's {length} bytes");
            }

            var table = new byte[tableBytes];
            RandomAccess.Read(handle, table, (long)header.ProgramHeaderOffset);
            var segments = header.ParseSegments(table);
            var (notes, complete) = ReadNotes(path, handle, length, segments, limits);
            return new ElfCoreFile(path, handle, length, header, segments, notes, complete);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static (List<ElfNote> Notes, bool Complete) ReadNotes(string path, SafeFileHandle handle, long length, List<ElfSegment> segments, DumpLimits limits)
    {
        var notes = new List<ElfNote>();
        var complete = true;
        long budget = limits.MaxNoteBytes;
        foreach (var segment in segments.Where(s => s.Type == ElfSegment.Note))
        {
            if (segment.FileSize > (ulong)budget)
            {
                throw new DumpReadException(path, $"note segment of {segment.FileSize} bytes is over the limit of {limits.MaxNoteBytes}");
            }

            var available = segment.Offset >= (ulong)length ? 0 : (int)Math.Min(segment.FileSize, (ulong)length - segment.Offset);
            complete &= available == (int)segment.FileSize;
            var bytes = new byte[available];
            RandomAccess.Read(handle, bytes, (long)segment.Offset);
            notes.AddRange(ElfNote.Parse(bytes, out var whole));
            complete &= whole;
            budget -= available;
        }

        if (notes.Count == 0)
        {
            throw new DumpReadException(path, "truncated or damaged: the core has no readable notes (no registers, no signal)");
        }

        return (notes, complete);
    }

    /// <summary>Reads process memory at <paramref name="address"/>; returns the bytes read (fewer where the dump does not hold them).</summary>
    public int ReadMemory(ulong address, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var at = address + (ulong)done;
            var segment = Find(at);
            if (segment is not { } s)
            {
                break;
            }

            var into = at - s.VirtualAddress;
            if (into >= s.FileSize)
            {
                break;
            }

            var fileAt = s.Offset + into;
            var want = (int)Math.Min((ulong)(buffer.Length - done), s.FileSize - into);
            if (fileAt >= (ulong)Length)
            {
                break;
            }

            want = (int)Math.Min((ulong)want, (ulong)Length - fileAt);
            var n = RandomAccess.Read(_handle, buffer.Slice(done, want), (long)fileAt);
            if (n <= 0)
            {
                break;
            }

            done += n;
        }

        return done;
    }

    /// <summary>The loaded segment holding <paramref name="address"/>, or null.</summary>
    public ElfSegment? Find(ulong address)
    {
        int lo = 0, hi = _loads.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _loads[mid];
            if (address < s.VirtualAddress)
            {
                hi = mid - 1;
            }
            else if (address - s.VirtualAddress >= s.MemorySize)
            {
                lo = mid + 1;
            }
            else
            {
                return s;
            }
        }

        return null;
    }

    public bool TryReadUInt64(ulong address, out ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        value = 0;
        if (ReadMemory(address, b) != 8)
        {
            return false;
        }

        value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b);
        return true;
    }

    public void Dispose() => _handle.Dispose();
}
