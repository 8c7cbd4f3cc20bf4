namespace Triage.Dumps.Elf;

/// <summary>One ELF program header.</summary>
internal readonly record struct ElfSegment(uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize)
{
    public const uint Load = 1;
    public const uint Dynamic = 2;
    public const uint Note = 4;
    public const uint Executable = 1;

    public ulong End => VirtualAddress + MemorySize;

    public bool Contains(ulong address) => address >= VirtualAddress && address - VirtualAddress < MemorySize;
}
