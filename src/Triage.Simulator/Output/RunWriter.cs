using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Styles;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Output;

/// <summary>
/// Writes the run directory file by file in the plan's layout. Each file's entries are generated,
/// ordered by time and written before the next file starts, so memory is bounded by the largest
/// single file's entries (one node's logs), not by the run.
/// </summary>
internal sealed class RunWriter(Plan plan, string root, TruthWriter truth, CancellationToken cancellationToken)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public int Files { get; private set; }

    public long Bytes { get; private set; }

    public void Write()
    {
        var style = plan.Style;
        switch (style.Topology)
        {
            case TopologyShape.List: Meta("topology.yaml", MetadataWriter.Topology); break;
            case TopologyShape.MapByHost: Meta("topology.yaml", MetadataWriter.TopologyByHost); break;
            case TopologyShape.Csv: Meta("inventory/nodes.csv", MetadataWriter.TopologyCsv); break;
            case TopologyShape.SlurmConf: Meta("slurm/topology.conf", MetadataWriter.TopologyConf); break;
        }

        if (style.RunYaml)
        {
            Meta("run.yaml", MetadataWriter.Run);
        }

        if (style.IsDefault)
        {
            WriteSeeded();
        }
        else
        {
            new StyledLogs(plan, this).Write();
        }

        if (plan.Attempts.FirstOrDefault(a => a.Crash?.Kind == CrashKind.NodeDown) is { Crash: { } down })
        {
            Meta("slurm/sinfo-R.txt", (p, f) => MetadataWriter.DrainReasons(p, f, down));
        }

        if (plan.ThrottleRank >= 0)
        {
            var h = plan.Cluster.HostOfRank(plan.ThrottleRank);
            Meta("health/" + h.Name + "-nvidia-smi-q.txt", (p, f) => MetadataWriter.NvidiaSmi(p, f, h));
        }

        if (plan.WithManifest)
        {
            foreach (var name in DataWriter.Manifest(plan, root, truth, cancellationToken))
            {
                Count(name);
            }
        }

        foreach (var name in DataWriter.Metrics(plan, root, truth, cancellationToken))
        {
            Count(name);
        }
    }

    private void WriteSeeded()
    {
        var g = plan.Cluster.GpusPerHost;
        var hosts = plan.Cluster.Hosts;
        var slurmName = "slurm-" + plan.JobId.ToString(Inv) + ".out";
        switch (plan.Layout)
        {
            case LogLayout.SlurmLabel:
                {
                    var width = (plan.Ranks - 1).ToString(Inv).Length;
                    var items = new List<(Entry, string)>();
                    for (var rank = 0; rank < plan.Ranks; rank++)
                    {
                        var list = new List<Entry>();
                        RankLog.Collect(plan, rank, list);
                        var prefix = rank.ToString(Inv).PadLeft(width) + ": ";
                        items.AddRange(Cut(list, rank / g).Select(e => (e, prefix)));
                    }

                    var slurm = new List<Entry>();
                    SlurmLog.Collect(plan, slurm);
                    items.AddRange(slurm.Select(e => (e, string.Empty)));
                    Emit(slurmName, items);
                    foreach (var h in hosts)
                    {
                        Kernel("kern/" + h.Name + ".log", h, KernelStyle.Syslog);
                    }

                    break;
                }

            case LogLayout.PerNode:
                foreach (var h in hosts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var items = new List<(Entry, string)>();
                    var agent = new List<Entry>();
                    AgentLog.Collect(plan, h, agent);
                    items.AddRange(Cut(agent, h.Index).Select(e => (e, string.Empty)));
                    for (var l = 0; l < g; l++)
                    {
                        var list = new List<Entry>();
                        RankLog.Collect(plan, (h.Index * g) + l, list);
                        var prefix = "[default" + l.ToString(Inv) + "]:";
                        items.AddRange(Cut(list, h.Index).Select(e => (e, prefix)));
                    }

                    Emit(h.Name + "/torchrun.log", items);
                    Kernel(h.Name + (plan.DmesgStyle ? "/dmesg.log" : "/kern.log"), h, plan.DmesgStyle ? KernelStyle.DmesgT : KernelStyle.Syslog);
                }

                SlurmOnly(slurmName);
                break;
            default:
                {
                    var width = Math.Max(4, (plan.Ranks - 1).ToString(Inv).Length);
                    for (var rank = 0; rank < plan.Ranks; rank++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var list = new List<Entry>();
                        RankLog.Collect(plan, rank, list);
                        Emit("logs/rank-" + rank.ToString(Inv).PadLeft(width, '0') + ".out", Cut(list, rank / g).Select(e => (e, string.Empty)));
                    }

                    foreach (var h in hosts)
                    {
                        Kernel("journal/" + h.Name + ".log", h, KernelStyle.ShortIso);
                    }

                    SlurmOnly(slurmName);
                    break;
                }
        }
    }

    internal IEnumerable<Entry> Cut(List<Entry> entries, int host) =>
        plan.CutShort.TryGetValue(host, out var cut) ? entries.Where(e => e.Time < cut) : entries;

    internal void SlurmOnly(string name)
    {
        var slurm = new List<Entry>();
        SlurmLog.Collect(plan, slurm);
        Emit(name, slurm.Select(e => (e, string.Empty)));
    }

    internal void Kernel(string name, Host h, KernelStyle style)
    {
        if (plan.MissingKernelLogs.Contains(h.Index))
        {
            return;
        }

        var list = new List<Entry>();
        KernelLog.Collect(plan, h, style, list);
        Emit(name, list.Select(e => (e, string.Empty)));
    }

    internal void Emit(string name, IEnumerable<(Entry Entry, string Prefix)> items)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var f = new FileSink(root, name, truth);
        foreach (var (entry, prefix) in items.OrderBy(i => i.Entry.Time))
        {
            f.Write(entry, prefix);
        }

        Bytes += f.Close();
        Files++;
    }

    internal void Meta(string name, Action<Plan, FileSink> write)
    {
        using var f = new FileSink(root, name, truth);
        write(plan, f);
        f.At(plan.End);
        Bytes += f.Close();
        Files++;
    }

    private void Count(string name)
    {
        Bytes += new FileInfo(Path.Combine(root, name)).Length;
        Files++;
    }
}
