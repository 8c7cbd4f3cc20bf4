using System.Globalization;

namespace Triage.Simulator.Output;

/// <summary>Time stamps in the formats the real tools print.</summary>
internal static class Stamps
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>c10 logging since torch 2.3: <c>[E821 02:07:08.408271257 ProcessGroupNCCL.cpp:607]</c> (month not padded).</summary>
    public static string C10(DateTimeOffset t, char level, string file, int line) =>
        string.Create(Inv, $"[{level}{t.Month}{t.Day:00} {t:HH:mm:ss}.{(t.Ticks % TimeSpan.TicksPerSecond * 100) + (t.Ticks * 37 % 97):000000000} {file}:{line}]");

    /// <summary>glog as torchrun >= 2.3 writes it: <c>W0321 02:07:14.221000 140201 torch/.../api.py:897] </c>.</summary>
    public static string Glog(DateTimeOffset t, char level, int pid, string file, int line) =>
        string.Create(Inv, $"{level}{t:MMdd HH:mm:ss}.{t.Millisecond:000}000 {pid} {file}:{line}] ");

    /// <summary>Python logging as torchrun 2.1 writes it: <c>[2024-05-08 08:47:31,877] module: [ERROR] </c>.</summary>
    public static string PyLog(DateTimeOffset t, string logger, string level) =>
        string.Create(Inv, $"[{t:yyyy-MM-dd HH:mm:ss},{t.Millisecond:000}] {logger}: [{level}] ");

    /// <summary>Syslog file header (rsyslog traditional format): <c>Mar 21 02:07:15 node-018 kernel: </c>.</summary>
    public static string Syslog(DateTimeOffset t, string host, string ident) =>
        string.Create(Inv, $"{t.ToString("MMM", Inv)} {t.Day,2} {t:HH:mm:ss} {host} {ident}: ");

    /// <summary><c>journalctl -o short-iso</c>: <c>2026-05-02T03:14:07+0000 node-017 kernel: </c>.</summary>
    public static string ShortIso(DateTimeOffset t, string host, string ident) =>
        string.Create(Inv, $"{t:yyyy-MM-ddTHH:mm:ss}+0000 {host} {ident}: ");

    /// <summary><c>dmesg -T</c>: <c>[Thu Mar 21 03:02:11 2026] </c>.</summary>
    public static string DmesgT(DateTimeOffset t) =>
        string.Create(Inv, $"[{t.ToString("ddd MMM", Inv)} {t.Day,2} {t:HH:mm:ss yyyy}] ");

    /// <summary>Kernel uptime stamp: <c>[1235902.718237] </c>.</summary>
    public static string Uptime(double seconds) => string.Create(Inv, $"[{seconds,13:0.000000}] ");

    /// <summary>Megatron / DeepSpeed: <c>2026-05-02 03:14:07</c>.</summary>
    public static string Plain(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss", Inv);

    /// <summary>ISO 8601 UTC with milliseconds: <c>2026-05-02T03:14:07.123Z</c>.</summary>
    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", Inv);

    /// <summary>ChildFailedError table time: <c>2024-03-21_02:07:14</c>.</summary>
    public static string Table(DateTimeOffset t) => t.ToString("yyyy-MM-dd_HH:mm:ss", Inv);

    /// <summary>Slurm: <c>2026-03-21T02:17:16</c>.</summary>
    public static string Slurm(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss", Inv);

    public static string I(long n) => n.ToString(Inv);
}
