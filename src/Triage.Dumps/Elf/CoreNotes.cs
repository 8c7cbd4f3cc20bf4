using System.Buffers.Binary;
using System.Text;

namespace Triage.Dumps.Elf;

/// <summary>The process facts in a core's notes: threads (NT_PRSTATUS), the signal (NT_SIGINFO), NT_PRPSINFO, NT_AUXV and NT_FILE.</summary>
internal sealed class CoreNotes
{
    private static readonly string[] X86Registers =
    [
        "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi",
        "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
    ];

    private static readonly string[] ArmRegisters = [.. Enumerable.Range(0, 31).Select(i => "x" + i), "sp", "pc", "pstate"];

    public List<DumpThread> Threads { get; } = [];

    public int ThreadCount { get; private set; }

    public (int Signo, int Code, ulong Address, int SenderPid)? SigInfo { get; private set; }

    public int? Pid { get; private set; }

    public string? ProgramName { get; private set; }

    public string? Arguments { get; private set; }

    public Dictionary<ulong, ulong> Auxv { get; } = [];

    public List<(ulong Start, ulong End, ulong PageOffset, string Path)> Files { get; } = [];

    public static CoreNotes Parse(IReadOnlyList<ElfNote> notes, ushort machine, DumpLimits limits)
    {
        var result = new CoreNotes();
        var names = machine == ElfHeader.Aarch64 ? ArmRegisters : X86Registers;
        var regsAt = 112;
        foreach (var note in notes)
        {
            var d = note.Descriptor.Span;
            switch (note.Type)
            {
                case ElfNote.PrStatus when note.Name == "CORE" && d.Length >= regsAt + (names.Length * 8):
                    result.ThreadCount++;
                    if (result.Threads.Count < limits.MaxThreads)
                    {
                        var registers = new Dictionary<string, ulong>(names.Length, StringComparer.Ordinal);
                        for (var i = 0; i < names.Length; i++)
                        {
                            registers[names[i]] = BinaryPrimitives.ReadUInt64LittleEndian(d[(regsAt + (i * 8))..]);
                        }

                        result.Threads.Add(new DumpThread(BinaryPrimitives.ReadInt32LittleEndian(d[32..]), BinaryPrimitives.ReadInt16LittleEndian(d[12..]), registers));
                    }

                    break;
                case ElfNote.SigInfo when result.SigInfo is null && d.Length >= 24:
                    var signo = BinaryPrimitives.ReadInt32LittleEndian(d);
                    var code = BinaryPrimitives.ReadInt32LittleEndian(d[8..]);
                    var field = BinaryPrimitives.ReadUInt64LittleEndian(d[16..]);
                    result.SigInfo = (signo, code, field, BinaryPrimitives.ReadInt32LittleEndian(d[16..]));
                    break;
                case ElfNote.PrPsInfo when note.Name == "CORE" && d.Length >= 136:
                    result.Pid = BinaryPrimitives.ReadInt32LittleEndian(d[24..]);
                    result.ProgramName = CString(d.Slice(40, 16));
                    result.Arguments = CString(d.Slice(56, 80));
                    break;
                case ElfNote.Auxv:
                    for (var at = 0; at + 16 <= d.Length; at += 16)
                    {
                        result.Auxv.TryAdd(BinaryPrimitives.ReadUInt64LittleEndian(d[at..]), BinaryPrimitives.ReadUInt64LittleEndian(d[(at + 8)..]));
                    }

                    break;
                case ElfNote.File:
                    ParseFiles(d, result.Files, limits);
                    break;
            }
        }

        return result;
    }

    private static void ParseFiles(ReadOnlySpan<byte> d, List<(ulong, ulong, ulong, string)> files, DumpLimits limits)
    {
        if (d.Length < 16)
        {
            return;
        }

        var count = BinaryPrimitives.ReadUInt64LittleEndian(d);
        if (count > (ulong)(d.Length - 16) / 24)
        {
            return;
        }

        var names = d[(16 + ((int)count * 24))..];
        var max = Math.Min((int)count, limits.MaxModules * 64);
        for (var i = 0; i < max; i++)
        {
            var entry = d[(16 + (i * 24))..];
            var end = names.IndexOf((byte)0);
            if (end < 0)
            {
                break;
            }

            files.Add((BinaryPrimitives.ReadUInt64LittleEndian(entry), BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]), BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]), Encoding.UTF8.GetString(names[..end])));
            names = names[(end + 1)..];
        }
    }

    internal static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]).Trim();
    }
}
