using System.Runtime.InteropServices;

namespace Triage.Bench;

/// <summary>Peak resident set sizes and CPU times from the kernel (Linux).</summary>
internal static partial class Rusage
{
    /// <summary>This process's peak RSS (VmHWM) in MiB.</summary>
    public static double SelfPeakMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>The largest peak RSS of any waited-for child process, in MiB.</summary>
    public static double ChildrenPeakMiB()
    {
        var usage = new RUsage();
        return GetRUsage(-1, ref usage) == 0 ? usage.MaxRss / 1024.0 : double.NaN;
    }

    /// <summary>User + system CPU seconds of all waited-for child processes so far.</summary>
    public static double ChildrenCpuSeconds()
    {
        var usage = new RUsage();
        return GetRUsage(-1, ref usage) == 0 ? usage.UtimeSec + usage.StimeSec + ((usage.UtimeUsec + usage.StimeUsec) / 1e6) : double.NaN;
    }

    /// <summary>User + system CPU seconds of this process so far (all threads).</summary>
    public static double SelfCpuSeconds() => Environment.CpuUsage.TotalTime.TotalSeconds;

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, ref RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UtimeSec;
        public long UtimeUsec;
        public long StimeSec;
        public long StimeUsec;
        public long MaxRss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long Minflt;
        public long Majflt;
        public long Nswap;
        public long Inblock;
        public long Oublock;
        public long Msgsnd;
        public long Msgrcv;
        public long Nsignals;
        public long Nvcsw;
        public long Nivcsw;
    }
}
