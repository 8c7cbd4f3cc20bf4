using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Triage.Dumps.Elf;

/// <summary>
/// A module file on disk (executable or shared library): its build id, symbols and code bytes,
/// read with bounded random reads. Not thread-safe. Dispose closes the file.
/// </summary>
internal sealed class ElfImage : IDisposable
{
    private const uint SymTab = 2;
    private const uint DynSym = 11;
    private readonly SafeFileHandle _handle;
    private readonly List<ElfSegment> _loads;
    private readonly DumpLimits _limits;
    private readonly List<(uint Type, ulong Offset, ulong Size, uint Link)> _sections;
    private SymbolTable? _symbols;

    private ElfImage(string path, SafeFileHandle handle, long length, List<ElfSegment> segments, List<(uint, ulong, ulong, uint)> sections, DumpLimits limits)
    {
        Path = path;
        _handle = handle;
        Length = length;
        _loads = segments.Where(s => s.Type == ElfSegment.Load).ToList();
        _sections = sections;
        _limits = limits;
        BuildId = ReadBuildId(segments);
        LoadAddress = _loads.Count == 0 ? 0 : _loads.Min(s => s.VirtualAddress) & ~0xfffUL;
    }

    public string Path { get; }

    public long Length { get; }

    public string? BuildId { get; }

    /// <summary>The lowest PT_LOAD address, page-aligned: the image's addresses are runtime address − base + this.</summary>
    public ulong LoadAddress { get; }

    /// <summary>Opens <paramref name="path"/>; null when it is missing or not a 64-bit ELF image.</summary>
    public static ElfImage? TryOpen(string path, DumpLimits limits)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }

        try
        {
            var length = RandomAccess.GetLength(handle);
            var head = new byte[ElfHeader.Size];
            var header = ElfHeader.TryParse(head.AsSpan(0, RandomAccess.Read(handle, head, 0)), out _);
            if (header is not { } h || h.Type is not (2 or 3) || h.ProgramHeaderSize < 56 || h.ProgramHeaderCount > 4096)
            {
                handle.Dispose();
                return null;
            }

            var segments = h.ParseSegments(ReadAt(handle, length, h.ProgramHeaderOffset, h.ProgramHeaderSize * h.ProgramHeaderCount));
            var sections = new List<(uint, ulong, ulong, uint)>();
            if (h.SectionHeaderSize >= 64 && h.SectionHeaderCount < 65_000)
            {
                var table = ReadAt(handle, length, h.SectionHeaderOffset, h.SectionHeaderSize * h.SectionHeaderCount);
                for (var i = 0; (i + 1) * h.SectionHeaderSize <= table.Length; i++)
                {
                    var s = table.AsSpan(i * h.SectionHeaderSize);
                    sections.Add((BinaryPrimitives.ReadUInt32LittleEndian(s[4..]), BinaryPrimitives.ReadUInt64LittleEndian(s[24..]), BinaryPrimitives.ReadUInt64LittleEndian(s[32..]), BinaryPrimitives.ReadUInt32LittleEndian(s[40..])));
                }
            }

            return new ElfImage(path, handle, length, segments, sections, limits);
        }
        catch (IOException)
        {
            handle.Dispose();
            return null;
        }
    }

    /// <summary>Function symbols: .symtab when present (unstripped), else .dynsym. Read once.</summary>
    public SymbolTable Symbols => _symbols ??= LoadSymbols();

    /// <summary>Reads code or data at image address <paramref name="address"/> from the file; returns bytes read.</summary>
    public int ReadImage(ulong address, Span<byte> buffer)
    {
        foreach (var s in _loads)
        {
            if (address >= s.VirtualAddress && address - s.VirtualAddress < s.FileSize)
            {
                var into = address - s.VirtualAddress;
                var want = (int)Math.Min((ulong)buffer.Length, s.FileSize - into);
                var at = s.Offset + into;
                return at >= (ulong)Length ? 0 : RandomAccess.Read(_handle, buffer[..want], (long)at);
            }
        }

        return 0;
    }

    /// <summary>True when <paramref name="address"/> is in an executable PT_LOAD segment.</summary>
    public bool IsCode(ulong address) => _loads.Any(s => (s.Flags & ElfSegment.Executable) != 0 && s.Contains(address));

    private SymbolTable LoadSymbols()
    {
        foreach (var type in new[] { SymTab, DynSym })
        {
            var index = _sections.FindIndex(s => s.Type == type);
            if (index < 0 || _sections[index].Link >= _sections.Count)
            {
                continue;
            }

            var (_, offset, size, link) = _sections[index];
            var strings = _sections[(int)link];
            if (size + strings.Size > (ulong)_limits.MaxSymbolBytes)
            {
                continue;
            }

            var table = SymbolTable.Parse(ReadAt(_handle, Length, offset, (int)size), ReadAt(_handle, Length, strings.Offset, (int)strings.Size));
            if (table.Count > 0)
            {
                return table;
            }
        }

        return SymbolTable.Empty;
    }

    private string? ReadBuildId(List<ElfSegment> segments)
    {
        foreach (var note in segments.Where(s => s.Type == ElfSegment.Note && s.FileSize < 1 << 20))
        {
            var id = FindBuildId(ReadAt(_handle, Length, note.Offset, (int)note.FileSize));
            if (id is not null)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The GNU build id in a block of notes, as lower-case hex, or null.</summary>
    public static string? FindBuildId(ReadOnlyMemory<byte> notes)
    {
        foreach (var n in ElfNote.Parse(notes, out _))
        {
            if (n.Type == ElfNote.GnuBuildId && n.Name == "GNU" && n.Descriptor.Length is > 0 and <= 64)
            {
                return Convert.ToHexStringLower(n.Descriptor.Span);
            }
        }

        return null;
    }

    private static byte[] ReadAt(SafeFileHandle handle, long length, ulong offset, int count)
    {
        if (count <= 0 || offset >= (ulong)length)
        {
            return [];
        }

        var bytes = new byte[(int)Math.Min((ulong)count, (ulong)length - offset)];
        var n = RandomAccess.Read(handle, bytes, (long)offset);
        return n == bytes.Length ? bytes : bytes[..n];
    }

    public void Dispose() => _handle.Dispose();
}
