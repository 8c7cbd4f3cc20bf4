using System.Buffers.Binary;
using System.Text;

namespace Triage.Dumps.Elf;

/// <summary>Function symbols of one ELF image (.symtab, else .dynsym), sorted by address; names are decoded on lookup. Immutable.</summary>
internal sealed class SymbolTable
{
    private const int EntrySize = 24;
    private const int MaxSizelessReach = 4096;
    private readonly ulong[] _starts;
    private readonly ulong[] _sizes;
    private readonly uint[] _names;
    private readonly byte[] _strings;

    private SymbolTable(ulong[] starts, ulong[] sizes, uint[] names, byte[] strings)
    {
        _starts = starts;
        _sizes = sizes;
        _names = names;
        _strings = strings;
    }

    public static SymbolTable Empty { get; } = new([], [], [], []);

    public int Count => _starts.Length;

    /// <summary>Builds the table from raw ELF64 symbol entries and their string table.</summary>
    public static SymbolTable Parse(ReadOnlySpan<byte> symbols, byte[] strings)
    {
        var count = symbols.Length / EntrySize;
        var list = new List<(ulong Start, ulong Size, uint Name)>(count);
        for (var i = 0; i < count; i++)
        {
            var e = symbols.Slice(i * EntrySize, EntrySize);
            var type = e[4] & 0xf;
            var shndx = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
            var name = BinaryPrimitives.ReadUInt32LittleEndian(e);
            if ((type is 2 or 10) && shndx != 0 && value != 0 && name < strings.Length)
            {
                list.Add((value, BinaryPrimitives.ReadUInt64LittleEndian(e[16..]), name));
            }
        }

        // Several names for one address (aliases): prefer the one with a size, then the shortest-lived order is stable.
        list.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Size.CompareTo(a.Size));
        return new SymbolTable([.. list.Select(s => s.Start)], [.. list.Select(s => s.Size)], [.. list.Select(s => s.Name)], strings);
    }

    /// <summary>The function containing <paramref name="address"/> (an address in the image's own vaddr space), or null.</summary>
    public (string Name, ulong Start)? Lookup(ulong address)
    {
        var i = Array.BinarySearch(_starts, address);
        if (i < 0)
        {
            i = ~i - 1;
        }
        else
        {
            // Aliases share a start; the first of them carries the size.
            while (i > 0 && _starts[i - 1] == address)
            {
                i--;
            }
        }

        // A symbol with a size that ends before the address does not hold it; look a few back for an enclosing one.
        for (var k = i; k >= 0 && k > i - 8; k--)
        {
            var reach = _sizes[k] > 0 ? _sizes[k] : MaxSizelessReach;
            if (address - _starts[k] < reach)
            {
                return (Name(k), _starts[k]);
            }
        }

        return null;
    }

    private string Name(int index)
    {
        var at = (int)_names[index];
        var end = Array.IndexOf(_strings, (byte)0, at);
        var raw = Encoding.UTF8.GetString(_strings, at, (end < 0 ? _strings.Length : end) - at);
        var version = raw.IndexOf('@', StringComparison.Ordinal);
        return Demangler.Demangle(version > 0 ? raw[..version] : raw);
    }
}
