using System.Globalization;
using System.Text.RegularExpressions;

namespace Triage.Dumps.Tests.Support;

/// <summary>What <c>gdb -batch -ex bt</c> says about a core: the frames (address when gdb prints one, function) and the current thread.</summary>
public sealed partial record GdbBacktrace(IReadOnlyList<(ulong? Address, string Function)> Frames, int? CurrentLwp, string Signal)
{
    public static async Task<GdbBacktrace> RunAsync(string executable, string core, string directory)
    {
        var (_, output) = await ProcessRunner.RunAsync("gdb", ["-batch", "-nx", "-ex", "bt", executable, core], directory);
        var frames = new List<(ulong?, string)>();
        foreach (Match m in FrameLine().Matches(output))
        {
            if (m.Groups["n"].Value == "0" && frames.Count > 0)
            {
                continue; // gdb prints frame #0 twice (on load and in bt)
            }

            ulong? address = m.Groups["addr"].Success ? ulong.Parse(m.Groups["addr"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) : null;
            frames.Add((address, m.Groups["fn"].Value));
        }

        var lwp = Lwp().Match(output);
        var signal = SignalLine().Match(output);
        return new GdbBacktrace(
            frames,
            lwp.Success ? int.Parse(lwp.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            signal.Success ? signal.Groups[1].Value : "none");
    }

    [GeneratedRegex(@"^#(?<n>\d+)\s+(?:0x(?<addr>[0-9a-f]+) in )?(?<fn>\S+)", RegexOptions.Multiline)]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"Current thread is \d+ \(Thread 0x[0-9a-f]+ \(LWP (\d+)\)\)")]
    private static partial Regex Lwp();

    [GeneratedRegex(@"Program terminated with signal (SIG[A-Z]+)")]
    private static partial Regex SignalLine();
}
