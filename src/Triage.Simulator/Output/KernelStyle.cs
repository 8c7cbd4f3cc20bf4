namespace Triage.Simulator.Output;

/// <summary>How a host's kernel and system log was exported.</summary>
internal enum KernelStyle
{
    /// <summary>rsyslog <c>/var/log/kern.log</c>: <c>Mar 21 02:07:15 node-018 kernel: [1235902.718237] ...</c>.</summary>
    Syslog,

    /// <summary><c>journalctl -o short-iso</c>.</summary>
    ShortIso,

    /// <summary><c>dmesg -T</c> (kernel lines only, no host name).</summary>
    DmesgT,
}
