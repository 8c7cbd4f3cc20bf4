using Microsoft.Diagnostics.Runtime;

namespace Triage.Dumps.Managed;

/// <summary>
/// The managed exception and stack of a .NET process's dump, through ClrMD 3.1 (4.2 misreads the
/// runtime version of Linux dumps). Only a DAC found on this machine is used: no symbol-server lookups.
/// </summary>
internal static class ManagedReader
{
    private const int MaxFrames = 64;
    private const int MaxMessage = 1024;

    public static ManagedInfo? TryRead(string path, int crashingThread, string? coreclrPath, List<string> warnings)
    {
        try
        {
            using var target = DataTarget.LoadDump(path);
            var clr = target.ClrVersions.FirstOrDefault();
            if (clr is null)
            {
                return null;
            }

            // ClrMD reads the version of Linux createdump cores as 0.0; the runtime's directory names it (.../Microsoft.NETCore.App/10.0.1/libcoreclr.so).
            var version = clr.Version.Major != 0 || coreclrPath is null ? clr.Version.ToString() : Path.GetFileName(Path.GetDirectoryName(coreclrPath)) ?? "0.0";

            var dac = clr.DebuggingLibraries.Select(d => d.FileName).FirstOrDefault(f => Path.IsPathRooted(f) && File.Exists(f));
            if (dac is null)
            {
                warnings.Add($".NET {clr.Version}: no matching DAC (libmscordaccore.so) on this machine; the managed exception was not read");
                return new ManagedInfo(version, null, null, null, []);
            }

            // ClrMD reads the runtime version of Linux createdump cores as 0.0, so the DAC found beside the runtime is trusted.
            using var runtime = clr.CreateRuntime(dac, ignoreMismatch: true);
            var threads = runtime.Threads.Where(t => t.CurrentException is not null).ToList();
            var thread = threads.FirstOrDefault(t => t.OSThreadId == (uint)crashingThread) ?? threads.FirstOrDefault();
            var exception = thread?.CurrentException;
            if (thread is null || exception is null)
            {
                return new ManagedInfo(version, null, null, null, []);
            }

            var stack = exception.StackTrace.Select(f => f.Method is { } m ? $"{m.Type?.Name}.{m.Name}" : f.FrameName ?? f.ToString() ?? "?")
                .Take(MaxFrames).ToList();
            var message = exception.Message;
            return new ManagedInfo(
                version,
                exception.Type?.Name,
                message is { Length: > MaxMessage } ? message[..MaxMessage] : message,
                (int)thread.OSThreadId,
                stack);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // ClrMD parses untrusted memory and throws a variety of exceptions on a damaged dump;
            // the native part of the report stands without the managed one.
            warnings.Add($"ClrMD could not read the .NET runtime: {ex.Message}");
            return null;
        }
    }
}
