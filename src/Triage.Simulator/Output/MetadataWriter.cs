using System.Globalization;
using Triage.Simulator.Model;

namespace Triage.Simulator.Output;

/// <summary><c>topology.yaml</c> and <c>run.yaml</c>, as the cluster's tooling exports them.</summary>
internal static class MetadataWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Topology(Plan plan, FileSink f)
    {
        f.WriteLine("# exported from the cluster inventory");
        f.WriteLine("hosts:");
        foreach (var h in plan.Cluster.Hosts)
        {
            f.WriteLine("  - host: " + h.Name);
            f.WriteLine("    rack: " + h.Rack);
            f.WriteLine("    switch: " + h.Switch);
            f.WriteLine("    spine: " + h.Spine);
            f.WriteLine("    gpus:");
            for (var g = 0; g < plan.Cluster.GpusPerHost; g++)
            {
                f.WriteLine(string.Create(Inv, $"      - {{ index: {g}, pci: \"{Cluster.GpuPci(g)}.0\" }}"));
            }
        }
    }

    public static void Run(Plan plan, FileSink f)
    {
        f.WriteLine("run: " + plan.RunName);
        f.WriteLine("job_id: " + plan.JobId.ToString(Inv));
        f.WriteLine("scheduler: slurm");
        f.WriteLine("world_size: " + plan.Ranks.ToString(Inv));
        f.WriteLine("ranks_per_node: " + plan.Cluster.GpusPerHost.ToString(Inv));
        f.WriteLine("launcher: " + (plan.Layout == LogLayout.PerNode ? "torchrun" : "srun"));
        f.WriteLine("framework: " + (plan.Megatron ? "megatron-lm" : "deepspeed"));
        f.WriteLine("nodes: [" + string.Join(", ", plan.Cluster.Hosts.Select(h => h.Name)) + "]");
        f.WriteLine(string.Create(Inv, $"parallel: {{ tp: {plan.Parallel.Tp}, pp: {plan.Parallel.Pp}, dp: {plan.Parallel.Dp} }}"));
        f.WriteLine("code_version: " + plan.CodeVersion);
        f.WriteLine("attempts:");
        foreach (var a in plan.Attempts)
        {
            f.WriteLine("  - start: " + a.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", Inv));
            f.WriteLine(string.Create(Inv, $"    step: {plan.JobId}.{a.Index}"));
            f.WriteLine(string.Create(Inv, $"    resumed_from_step: {a.ResumeStep}"));
            f.WriteLine(string.Create(Inv, $"    versions: {{ torch_version: {a.Versions.Torch}, nccl_version: {a.Versions.Nccl}, cuda_version: \"{a.Versions.Cuda}\", driver_version: {a.Versions.Driver} }}"));
        }
    }
}
