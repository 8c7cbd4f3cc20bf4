using System.Text.RegularExpressions;

namespace Triage.Dumps.Elf;

/// <summary>
/// The modules of a core (from NT_FILE), with build ids read from the dump's memory (the kernel keeps
/// each module's first page) and symbols from the module file found by <see cref="DumpOptions"/>
/// — used only when its build id matches. Dispose closes the module files.
/// </summary>
internal sealed partial class ModuleMap : IDisposable
{
    private readonly List<LoadedModule> _modules;
    private readonly ElfCoreFile _core;

    private ModuleMap(ElfCoreFile core, List<LoadedModule> modules)
    {
        _core = core;
        _modules = modules;
    }

    public IReadOnlyList<LoadedModule> Modules => _modules;

    public static ModuleMap Build(ElfCoreFile core, CoreNotes notes, DumpOptions options, List<string> warnings)
    {
        var modules = new List<LoadedModule>();
        foreach (var group in notes.Files.GroupBy(f => f.Path, StringComparer.Ordinal))
        {
            var first = group.MinBy(f => f.Start);
            if (first.PageOffset != 0 || !IsElfAt(core, first.Start))
            {
                continue; // a data file or a mapping that does not start at an ELF header
            }

            if (modules.Count >= options.Limits.MaxModules)
            {
                warnings.Add($"more than {options.Limits.MaxModules} modules; the rest were not read");
                break;
            }

            var end = group.Max(f => f.End);
            var memoryId = BuildIdFromMemory(core, first.Start);
            var image = FindImage(group.Key, memoryId, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(core.Path)), options);
            var buildId = memoryId ?? image?.BuildId;
            var bias = image is null ? first.Start : first.Start - image.LoadAddress;
            var symbols = image?.Symbols ?? SymbolTable.Empty;
            if (buildId is not null)
            {
                using var debug = FindDebugFile(buildId, options);
                if (debug is not null && debug.Symbols.Count > symbols.Count)
                {
                    symbols = debug.Symbols;
                }
            }

            modules.Add(new LoadedModule(new DumpModule(group.Key, first.Start, end, buildId, VersionOf(group.Key), image?.Path), bias, image, symbols));
        }

        modules.Sort((a, b) => a.Info.Base.CompareTo(b.Info.Base));
        return new ModuleMap(core, modules);
    }

    public LoadedModule? Find(ulong address)
    {
        foreach (var m in _modules)
        {
            if (address >= m.Info.Base && address < m.Info.End)
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>Module, function and offset for <paramref name="address"/>; for a return address pass <paramref name="lookup"/> = address − 1 so a call at a function's end is named right.</summary>
    public (string? Module, string? Function, ulong Offset) Symbolize(ulong address, ulong lookup)
    {
        var m = Find(lookup);
        if (m is null)
        {
            return (null, null, address);
        }

        var symbol = m.Symbols.Lookup(lookup - m.Bias);
        return symbol is { } s ? (m.Info.Name, s.Name, address - m.Bias - s.Start) : (m.Info.Name, null, address - m.Info.Base);
    }

    /// <summary>The start (runtime address) of the function holding <paramref name="address"/>, or null.</summary>
    public ulong? FunctionStart(ulong address)
    {
        var m = Find(address);
        return m?.Symbols.Lookup(address - m.Bias) is { } s ? s.Start + m.Bias : null;
    }

    /// <summary>True when <paramref name="address"/> is in an executable mapping of a module (by the dump's segment flags, else by the module file: gdb leaves code segments out).</summary>
    public bool IsExecutable(ulong address)
    {
        var m = Find(address);
        if (m is null)
        {
            return false;
        }

        return _core.Find(address) is { } s ? (s.Flags & ElfSegment.Executable) != 0 : m.Image?.IsCode(address - m.Bias) == true;
    }

    /// <summary>Reads code bytes ending at <paramref name="address"/> from the dump, else from the module file.</summary>
    public bool TryReadCodeBefore(ulong address, Span<byte> buffer)
    {
        var from = address - (ulong)buffer.Length;
        if (_core.ReadMemory(from, buffer) == buffer.Length)
        {
            return true;
        }

        var m = Find(address - 1);
        return m?.Image is { } image && image.ReadImage(from - m.Bias, buffer) == buffer.Length;
    }

    private static bool IsElfAt(ElfCoreFile core, ulong address)
    {
        Span<byte> magic = stackalloc byte[4];
        // A mapping whose first page was not dumped still counts when its file says ELF; we cannot know, so accept.
        return core.ReadMemory(address, magic) < 4 || magic.SequenceEqual("\u007fELF"u8);
    }

    private static string? BuildIdFromMemory(ElfCoreFile core, ulong start)
    {
        var page = new byte[4096];
        if (core.ReadMemory(start, page) < ElfHeader.Size || ElfHeader.TryParse(page, out _) is not { } h)
        {
            return null;
        }

        var tableEnd = (long)h.ProgramHeaderOffset + (h.ProgramHeaderSize * h.ProgramHeaderCount);
        if (h.ProgramHeaderSize < 56 || tableEnd > page.Length)
        {
            return null;
        }

        var segments = h.ParseSegments(page.AsSpan((int)h.ProgramHeaderOffset));
        var loadAddress = segments.Where(s => s.Type == ElfSegment.Load).Select(s => s.VirtualAddress).DefaultIfEmpty(0UL).Min() & ~0xfffUL;
        foreach (var note in segments.Where(s => s.Type == ElfSegment.Note && s.FileSize is > 0 and < 65_536))
        {
            var bytes = new byte[note.FileSize];
            var n = core.ReadMemory(start + note.VirtualAddress - loadAddress, bytes);
            if (ElfImage.FindBuildId(bytes.AsMemory(0, n)) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static ElfImage? FindImage(string path, string? buildId, string? dumpDirectory, DumpOptions options)
    {
        var candidates = new List<string>();
        if (options.UseModulePaths)
        {
            candidates.Add(path);
            if (dumpDirectory is not null)
            {
                candidates.Add(System.IO.Path.Combine(dumpDirectory, System.IO.Path.GetFileName(path))); // module files copied beside the dump
            }
        }

        candidates.AddRange(options.SymbolPaths.Select(dir => System.IO.Path.Combine(dir, System.IO.Path.GetFileName(path))));
        foreach (var candidate in candidates)
        {
            var image = ElfImage.TryOpen(candidate, options.Limits);
            if (image is not null && (buildId is null || image.BuildId is null || image.BuildId == buildId))
            {
                return image;
            }

            image?.Dispose(); // a different build: its symbols would lie
        }

        return null;
    }

    private static ElfImage? FindDebugFile(string buildId, DumpOptions options)
    {
        if (buildId.Length < 4)
        {
            return null;
        }

        foreach (var dir in options.DebugDirectories)
        {
            var image = ElfImage.TryOpen(System.IO.Path.Combine(dir, ".build-id", buildId[..2], buildId[2..] + ".debug"), options.Limits);
            if (image is not null)
            {
                return image;
            }
        }

        return null;
    }

    private static string? VersionOf(string path)
    {
        var match = SoVersion().Match(System.IO.Path.GetFileName(path));
        return match.Success ? match.Groups[1].Value : null;
    }

    // Linear (non-backtracking), so no wall-clock timeout that a starved machine could hit.
    [GeneratedRegex(@"\.so\.(\d+(?:\.\d+)*)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SoVersion();

    public void Dispose()
    {
        foreach (var m in _modules)
        {
            m.Image?.Dispose();
        }
    }
}
