using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Triage.Dumps.Elf;

namespace Triage.Dumps.Minidump;

/// <summary>
/// Reads the parts of a minidump (Breakpad/Crashpad on Linux, Windows) that say what crashed: the
/// exception stream (on Linux: signal, si_code, fault address), the module list with build ids
/// (CodeView <c>BpEL</c> records), threads, and Breakpad's Linux command line and environment.
/// The faulting frame is symbolised from the module file when it is on disk with the same build id.
/// Note: .NET's createdump on Linux writes ELF cores, not minidumps.
/// </summary>
internal static class MinidumpReader
{
    private const uint ThreadList = 3;
    private const uint ModuleList = 4;
    private const uint Exception = 6;
    private const uint LinuxCmdLine = 0x47670006;
    private const uint LinuxEnviron = 0x47670007;
    private const int MaxStreamBytes = 16 << 20;

    public static DumpReport Read(string path, DumpOptions options)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        var header = ReadAt(handle, length, 0, 32);
        if (header.Length < 32)
        {
            throw new DumpReadException(path, "truncated: shorter than a minidump header");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        var directoryAt = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        if (count == 0 || count > 4096 || directoryAt + (count * 12L) > length)
        {
            throw new DumpReadException(path, $"truncated or corrupt: {count} streams at offset {directoryAt} do not fit in {length} bytes");
        }

        var warnings = new List<string>();
        var streams = new Dictionary<uint, byte[]>();
        var directory = ReadAt(handle, length, directoryAt, (int)count * 12);
        for (var i = 0; i < count; i++)
        {
            var e = directory.AsSpan(i * 12);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(e);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
            var rva = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
            if (type is ThreadList or ModuleList or Exception or LinuxCmdLine or LinuxEnviron && size <= MaxStreamBytes)
            {
                var bytes = ReadAt(handle, length, rva, (int)size);
                if (bytes.Length < size)
                {
                    warnings.Add($"stream {type:x} is cut short ({bytes.Length} of {size} bytes)");
                }

                streams.TryAdd(type, bytes);
            }
        }

        var modules = Modules(handle, length, streams.GetValueOrDefault(ModuleList), options.Limits);
        var (crash, threadIds) = (CrashOf(streams.GetValueOrDefault(Exception)), Threads(streams.GetValueOrDefault(ThreadList), options.Limits));
        var stack = new List<DumpFrame>();
        if (crash is not null && streams.TryGetValue(Exception, out var ex) && ex.Length >= 32)
        {
            stack.Add(Symbolize(ProgramCounter(handle, length, ex), modules, options));
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (streams.TryGetValue(LinuxEnviron, out var env))
        {
            ProcessFacts.Keep(Encoding.UTF8.GetString(env).Split('\0'), environment, options.Limits);
        }

        var (host, rank, localRank) = ProcessFacts.Who(environment);
        var (signature, first) = (options.Signatures ?? Signatures.SignatureRules.BuiltIn).Compute(stack);
        return new DumpReport
        {
            Path = path,
            Format = "minidump",
            Machine = "unknown",
            CommandLine = streams.TryGetValue(LinuxCmdLine, out var cmd) ? Encoding.UTF8.GetString(cmd).Replace('\0', ' ').Trim() : null,
            Executable = modules.FirstOrDefault()?.Path,
            Environment = environment,
            Host = host,
            Rank = rank,
            LocalRank = localRank,
            Crash = crash,
            Threads = [.. threadIds.Select(id => new DumpThread(id, 0, new Dictionary<string, ulong>()))],
            ThreadCount = threadIds.Count,
            Modules = modules,
            Stack = stack,
            Signature = signature,
            SignatureFrame = first,
            Warnings = warnings,
        };
    }

    private static DumpCrash? CrashOf(byte[]? ex)
    {
        if (ex is null || ex.Length < 32)
        {
            return null;
        }

        var thread = BinaryPrimitives.ReadInt32LittleEndian(ex);
        var code = BinaryPrimitives.ReadUInt32LittleEndian(ex.AsSpan(8));
        var flags = BinaryPrimitives.ReadInt32LittleEndian(ex.AsSpan(12));
        var address = BinaryPrimitives.ReadUInt64LittleEndian(ex.AsSpan(24));

        // Breakpad on Linux stores the signal as the exception code and si_code as the flags.
        return code is > 0 and < 65
            ? new DumpCrash((int)code, SignalNames.Signal((int)code), flags, SignalNames.Code((int)code, flags), SignalNames.IsFault((int)code) ? address : null, thread)
            : new DumpCrash(unchecked((int)code), $"0x{code:x8}", null, null, address, thread);
    }

    /// <summary>rip from the exception's thread context (CONTEXT_AMD64, at 0xF8), else the exception address (which Breakpad sets to si_addr).</summary>
    private static ulong ProgramCounter(SafeFileHandle handle, long length, byte[] exception)
    {
        const int RipAt = 0xF8;
        if (exception.Length >= 168 && BinaryPrimitives.ReadUInt32LittleEndian(exception.AsSpan(160)) >= RipAt + 8)
        {
            var context = ReadAt(handle, length, BinaryPrimitives.ReadUInt32LittleEndian(exception.AsSpan(164)), RipAt + 8);
            if (context.Length == RipAt + 8)
            {
                return BinaryPrimitives.ReadUInt64LittleEndian(context.AsSpan(RipAt));
            }
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(exception.AsSpan(24));
    }

    private static List<int> Threads(byte[]? list, DumpLimits limits)
    {
        var ids = new List<int>();
        if (list is null || list.Length < 4)
        {
            return ids;
        }

        var n = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(list), (uint)limits.MaxThreads);
        for (var i = 0; i < n && 4 + ((i + 1) * 48) <= list.Length; i++)
        {
            ids.Add(BinaryPrimitives.ReadInt32LittleEndian(list.AsSpan(4 + (i * 48))));
        }

        return ids;
    }

    private static List<DumpModule> Modules(SafeFileHandle handle, long length, byte[]? list, DumpLimits limits)
    {
        var modules = new List<DumpModule>();
        if (list is null || list.Length < 4)
        {
            return modules;
        }

        var n = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(list), (uint)limits.MaxModules);
        for (var i = 0; i < n && 4 + ((i + 1) * 108) <= list.Length; i++)
        {
            var m = list.AsSpan(4 + (i * 108));
            var start = BinaryPrimitives.ReadUInt64LittleEndian(m);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(m[8..]);
            var name = ReadAt(handle, length, BinaryPrimitives.ReadUInt32LittleEndian(m[20..]), 4);
            var nameBytes = name.Length == 4 ? Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(name), 8192u) : 0;
            var path = Encoding.Unicode.GetString(ReadAt(handle, length, BinaryPrimitives.ReadUInt32LittleEndian(m[20..]) + 4L, (int)nameBytes));
            var cv = ReadAt(handle, length, BinaryPrimitives.ReadUInt32LittleEndian(m[80..]), (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(m[76..]), 256u));
            string? buildId = cv.Length > 4 && cv.AsSpan(0, 4).SequenceEqual("BpEL"u8) ? Convert.ToHexStringLower(cv.AsSpan(4)) : null;
            modules.Add(new DumpModule(path, start, start + size, buildId, null, null));
        }

        return modules;
    }

    private static DumpFrame Symbolize(ulong address, List<DumpModule> modules, DumpOptions options)
    {
        var module = modules.FirstOrDefault(m => address >= m.Base && address < m.End);
        if (module is null)
        {
            return new DumpFrame(0, address, null, null, address, "context");
        }

        using var image = options.UseModulePaths ? ElfImage.TryOpen(module.Path, options.Limits) : null;
        if (image is not null && (module.BuildId is null || image.BuildId == module.BuildId)
            && image.Symbols.Lookup(address - module.Base + image.LoadAddress) is { } symbol)
        {
            return new DumpFrame(0, address, module.Name, symbol.Name, address - module.Base + image.LoadAddress - symbol.Start, "context");
        }

        return new DumpFrame(0, address, module.Name, null, address - module.Base, "context");
    }

    private static byte[] ReadAt(SafeFileHandle handle, long length, long offset, int count)
    {
        if (count <= 0 || offset < 0 || offset >= length)
        {
            return [];
        }

        var bytes = new byte[(int)Math.Min(count, length - offset)];
        var n = RandomAccess.Read(handle, bytes, offset);
        return n == bytes.Length ? bytes : bytes[..n];
    }
}
