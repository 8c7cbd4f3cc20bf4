namespace Triage.Collectors.Lines;

/// <summary>
/// Who wrote a log line and when, as far as the line itself says (see <see cref="LineParser"/>).
/// </summary>
/// <param name="ContentStart">Index in the line where the message starts after transport prefixes
/// (srun labels, torchrun rank prefixes, NCCL and syslog headers, dmesg stamps); in [0, line length].
/// Stamps that belong to the message itself (glog, Python logging) are not stripped.</param>
/// <param name="Timestamp">UTC time read from the line; null when it has none or it is not a valid date.</param>
/// <param name="Host">Host name as written on the line (NCCL or syslog header, pdsh's <c>host: </c>).</param>
/// <param name="Rank">Global rank from a <c>[rankN]:</c> (or template <c>[N]:</c>) prefix.</param>
/// <param name="LocalRank">Local rank from a torchrun <c>[defaultN]:</c> (<c>[${role_name}${local_rank}]:</c>) prefix.</param>
/// <param name="Gpu">CUDA device index from an NCCL prefix.</param>
/// <param name="Pid">Process id (NCCL, syslog <c>tag[pid]</c>, Ray, glog).</param>
/// <param name="UptimeSeconds">dmesg <c>[12345.678901]</c> stamp: seconds since boot, no wall clock.</param>
/// <param name="StreamKey">Identity of the writer from the transport prefixes on the line, e.g.
/// <c>node-017/kernel</c>, <c>t3/r12</c>; empty when the line has none. Lines of one multi-line block share it.</param>
internal readonly record struct LineInfo(
    int ContentStart,
    DateTimeOffset? Timestamp,
    string? Host,
    int? Rank,
    int? LocalRank,
    int? Gpu,
    int? Pid,
    double? UptimeSeconds,
    string StreamKey)
{
    /// <summary>
    /// srun <c>--label</c> task id, or the MPI rank of an <c>mpirun --tag-output</c> tag. It is the global
    /// rank when the launcher starts one task per rank, but the
    /// node index when it starts one torchrun per node, so it only stands in for a rank nothing
    /// else on the line (or in the rule's match, or the path) gives.
    /// </summary>
    public int? TaskLabel { get; init; }

    /// <summary>Level a transport prefix gave the line (dmesg <c>-x</c>), else <see cref="LineLevel.None"/>.</summary>
    public LineLevel Level { get; init; }
}
