namespace Triage.Simulator.Model;

/// <summary>How the logs were collected into the run directory.</summary>
internal enum LogLayout
{
    /// <summary><c>srun --label</c> direct launch: one <c>slurm-JOB.out</c> with <c>N: </c> prefixes; <c>kern/HOST.log</c> syslog.</summary>
    SlurmLabel,

    /// <summary>torchrun per node: <c>HOST/torchrun.log</c> and <c>HOST/kern.log</c> (or <c>dmesg.log</c>); <c>slurm-JOB.out</c> for srun.</summary>
    PerNode,

    /// <summary><c>srun --output=logs/rank-%4t.out</c>: one file per rank; <c>journal/HOST.log</c> exports (short-iso).</summary>
    PerRank,
}
