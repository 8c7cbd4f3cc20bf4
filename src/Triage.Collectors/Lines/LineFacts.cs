namespace Triage.Collectors.Lines;

/// <summary>
/// What the prefixes of one line said so far. The outermost prefix wins: every setter keeps
/// a value already set, because an outer transport (syslog, srun) is read before inner ones.
/// Host and tag are kept as ranges into the line so that nothing is allocated while peeling.
/// </summary>
internal struct LineFacts
{
    public DateTimeOffset? Timestamp { get; private set; }

    public int HostStart { get; private set; }

    public int HostLength { get; private set; }

    public int TagStart { get; private set; }

    public int TagLength { get; private set; }

    public int? Rank { get; private set; }

    public int? LocalRank { get; private set; }

    public int? Gpu { get; private set; }

    public int? Pid { get; private set; }

    /// <summary>Pid given by a transport prefix (NCCL, syslog, Ray), part of the stream key; glog pids are not.</summary>
    public int? StreamPid { get; private set; }

    public double? UptimeSeconds { get; private set; }

    /// <summary>Launcher task id: srun <c>--label</c>, or the rank of mpirun's <c>--tag-output</c> tag.</summary>
    public int? TaskLabel { get; private set; }

    /// <summary>Level a transport prefix gave (dmesg <c>-x</c>); <see cref="LineLevel.None"/> when none did.</summary>
    public LineLevel Level { get; private set; }

    public void SetTimestamp(DateTimeOffset? value) => Timestamp ??= value;

    public void SetLevel(LineLevel value)
    {
        if (Level == LineLevel.None)
        {
            Level = value;
        }
    }

    public void SetHost(int start, int length)
    {
        if (HostLength == 0 && length > 0)
        {
            HostStart = start;
            HostLength = length;
        }
    }

    public void SetTag(int start, int length)
    {
        if (TagLength == 0 && length > 0)
        {
            TagStart = start;
            TagLength = length;
        }
    }

    public void SetRank(int value) => Rank ??= value;

    public void SetLocalRank(int value) => LocalRank ??= value;

    public void SetGpu(int value) => Gpu ??= value;

    public void SetPid(int? value) => Pid ??= value;

    public void SetStreamPid(int? value)
    {
        StreamPid ??= value;
        Pid ??= value;
    }

    public void SetUptime(double value) => UptimeSeconds ??= value;

    public void SetTaskLabel(int value) => TaskLabel ??= value;
}
