namespace Triage.Correlation.Engine;

/// <summary>Factor keys with a meaning to the engine; every other key comes from the input as written.</summary>
internal static class FactorKeys
{
    public const string Host = "host";
    public const string Gpu = "gpu";
    public const string Rank = "rank";

    /// <summary>A set of hosts that failed together, as a Slurm-style host list (<c>node-[001-008]</c>); see <see cref="PatternCandidates.SimultaneousHosts"/>.</summary>
    public const string Hosts = "hosts";

    /// <summary>Template id (signature) of <c>log.unknown</c> first failures; see <see cref="UnknownEvidence"/>.</summary>
    public const string Template = "template";

    /// <summary>Internal separator of a GPU factor value (host + index), never shown.</summary>
    public const char GpuSeparator = '\u001f';

    public static string GpuValue(string host, int gpu) => host + GpuSeparator + gpu.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static (string Host, string Gpu) SplitGpu(string value)
    {
        var at = value.IndexOf(GpuSeparator, StringComparison.Ordinal);
        return (value[..at], value[(at + 1)..]);
    }
}
