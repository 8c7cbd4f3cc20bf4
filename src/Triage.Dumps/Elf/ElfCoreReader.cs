using Triage.Dumps.Managed;
using Triage.Dumps.Stack;

namespace Triage.Dumps.Elf;

/// <summary>Reads a Linux ELF core into a <see cref="DumpReport"/>.</summary>
internal static class ElfCoreReader
{
    public static DumpReport Read(string path, DumpOptions options)
    {
        var warnings = new List<string>();
        using var core = ElfCoreFile.Open(path, options.Limits);
        var machine = core.Header.Machine switch
        {
            ElfHeader.X86_64 => "x86_64",
            ElfHeader.Aarch64 => "aarch64",
            var m => throw new DumpReadException(path, $"unsupported machine {m} (x86_64 and aarch64 are read)"),
        };
        if (!core.NotesComplete)
        {
            warnings.Add("the notes end early: the file is truncated or damaged");
        }

        if (core.MissingSegments > 0)
        {
            warnings.Add($"{core.MissingSegments} memory segments lie past the end of the file (truncated dump)");
        }

        var notes = CoreNotes.Parse(core.Notes, core.Header.Machine, options.Limits);
        if (notes.Threads.Count == 0)
        {
            throw new DumpReadException(path, "the core holds no thread (NT_PRSTATUS)");
        }

        if (notes.ThreadCount > notes.Threads.Count)
        {
            warnings.Add($"{notes.ThreadCount} threads; the first {notes.Threads.Count} were read");
        }

        var crash = Crash(notes);
        var threads = notes.Threads.ToList();
        var crashing = crash is null ? threads[0] : threads.First(t => t.Id == crash.ThreadId);
        threads.Remove(crashing);
        threads.Insert(0, crashing);
        using var modules = ModuleMap.Build(core, notes, options, warnings);
        var stack = new StackWalker(core, modules, options.Limits).Walk(crashing, core.Header.Machine == ElfHeader.Aarch64);
        var (executable, environment) = ProcessFacts.Read(core, notes, options.Limits);
        var (host, rank, localRank) = ProcessFacts.Who(environment);
        var coreclr = modules.Modules.FirstOrDefault(m => m.Info.Name == "libcoreclr.so");
        var managed = options.ReadManaged && coreclr is not null ? ManagedReader.TryRead(path, crashing.Id, coreclr.Info.Path, warnings) : null;
        var (signature, first) = (options.Signatures ?? Signatures.SignatureRules.BuiltIn).Compute(stack);
        if (managed?.ExceptionType is { } type)
        {
            signature = managed.Stack.Count > 0 ? $"{type} | {managed.Stack[0]}" : type;
            first = managed.Stack.Count > 0 ? new DumpFrame(0, 0, null, managed.Stack[0], 0, "managed") : first;
        }

        return new DumpReport
        {
            Path = path,
            Format = "elf-core",
            Machine = machine,
            Pid = notes.Pid ?? crashing.Id,
            Executable = executable ?? modules.Modules.FirstOrDefault()?.Info.Path,
            CommandLine = notes.Arguments,
            Environment = environment,
            Host = host,
            Rank = rank,
            LocalRank = localRank,
            Crash = crash,
            Threads = threads,
            ThreadCount = notes.ThreadCount,
            Modules = [.. modules.Modules.Select(m => m.Info)],
            Stack = stack,
            Signature = signature,
            SignatureFrame = first,
            Managed = managed,
            Warnings = warnings,
        };
    }

    /// <summary>The fatal signal: NT_SIGINFO, else the first thread's pr_cursig; none when it is SIGSTOP (gcore) or 0.</summary>
    private static DumpCrash? Crash(CoreNotes notes)
    {
        var signo = notes.SigInfo?.Signo ?? notes.Threads[0].Signal;
        if (signo is <= 0 or SignalNames.SigStop || notes.Threads.All(t => t.Signal == SignalNames.SigStop))
        {
            return null;
        }

        var thread = notes.Threads.FirstOrDefault(t => t.Signal == signo) ?? notes.Threads[0];
        if (notes.SigInfo is not { } info || info.Signo != signo)
        {
            return new DumpCrash(signo, SignalNames.Signal(signo), null, null, null, thread.Id);
        }

        return new DumpCrash(signo, SignalNames.Signal(signo), info.Code, SignalNames.Code(signo, info.Code), SignalNames.IsFault(signo) && info.Code > 0 ? info.Address : null, thread.Id);
    }
}
