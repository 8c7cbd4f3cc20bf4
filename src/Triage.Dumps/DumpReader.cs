using Triage.Dumps.Elf;
using Triage.Dumps.Minidump;

namespace Triage.Dumps;

/// <summary>
/// Reads a crash dump — a Linux ELF core (kernel, gdb's <c>generate-core-file</c>/<c>gcore</c>, or .NET's
/// createdump) or a minidump (<c>MDMP</c>) — into a <see cref="DumpReport"/>: the fatal signal, the
/// crashing thread and its symbolised stack, modules with build ids, who the process was, and a crash
/// signature. Reads are bounded by <see cref="DumpOptions.Limits"/>; no network lookups. Thread-safe
/// (no shared state).
/// </summary>
public static class DumpReader
{
    /// <summary>What a file's first bytes say it is: <c>elf-core</c>, <c>minidump</c>, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 18 && head[..4].SequenceEqual("\u007fELF"u8) && head[16] == 4 && head[17] == 0)
        {
            return "elf-core";
        }

        return head.Length >= 4 && head[..4].SequenceEqual("MDMP"u8) ? "minidump" : null;
    }

    /// <summary>Reads the dump at <paramref name="path"/>.</summary>
    /// <exception cref="DumpReadException">The file is missing, unreadable, truncated, corrupt or of an unsupported kind.</exception>
    public static DumpReport Read(string path, DumpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= DumpOptions.Default;
        try
        {
            Span<byte> head = stackalloc byte[32];
            int n;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
            {
                n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            return Sniff(head[..n]) switch
            {
                "elf-core" => ElfCoreReader.Read(path, options),
                "minidump" => MinidumpReader.Read(path, options),
                _ => throw new DumpReadException(path, "not a crash dump (neither an ELF core nor a minidump)"),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DumpReadException(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException or OutOfMemoryException)
        {
            // Bounds are checked where values are read; this is the backstop for a field combination we did not foresee.
            throw new DumpReadException(path, $"corrupt: {ex.Message}", ex);
        }
    }
}
