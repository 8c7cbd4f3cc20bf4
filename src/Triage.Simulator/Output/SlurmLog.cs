using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Output;

/// <summary>What srun and slurmstepd print into the batch job's output: task exits, step cancellation, OOM events, requeue.</summary>
internal static class SlurmLog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Collect(Plan plan, List<Entry> into)
    {
        var g = plan.Cluster.GpusPerHost;
        var direct = plan.Layout != LogLayout.PerNode;
        var hosts = plan.Cluster.Hosts;
        foreach (var a in plan.Attempts)
        {
            var step = plan.JobId.ToString(Inv) + "." + a.Index.ToString(Inv);
            if (a.Requeued)
            {
                into.Add(new Entry(a.End).Add(string.Create(Inv, $"slurmstepd: error: *** JOB {plan.JobId} ON {hosts[0].Name} CANCELLED AT {Stamps.Slurm(a.End + hosts[0].ClockSkew)} DUE TO JOB REQUEUE ***"),
                    Label.Noise("job requeued by the operators for a container update")));
                continue;
            }

            if (a.Crash is not { } crash)
            {
                continue;
            }

            var label = crash.Cause.Collateral;
            var failedHost = crash.FailedRank >= 0 && crash.Kind != CrashKind.StragglerHang ? crash.FailedRank / g : -1;
            if (crash.Kind == CrashKind.HostOom)
            {
                var h = hosts[failedHost];
                into.Add(new Entry(crash.Time.AddSeconds(0.8)).Add("slurmstepd: error: Detected 1 oom_kill event in StepId=" + step + ". Some of the step tasks have been OOM Killed.", crash.Cause.Root));
                _ = h;
            }

            if (failedHost >= 0 && crash.Kind == CrashKind.NodeDown)
            {
                var delay = 40 + (Rng.Unit(plan.Key, 72, (ulong)a.Index) * 50);
                into.Add(new Entry(crash.Time.AddSeconds(delay)).Add("srun: error: Node failure on " + hosts[failedHost].Name, crash.Cause.Root));
            }
            else if (failedHost >= 0)
            {
                var h = hosts[failedHost];
                var task = direct ? crash.FailedRank : failedHost;
                var reason = !direct || crash.ExitCode > 0 ? "Exited with exit code 1" : crash.ExitCode == -11 ? "Segmentation fault (core dumped)" : "Aborted (core dumped)";
                into.Add(new Entry(crash.Time.AddSeconds(direct ? 1.5 : 6.5)).Add(string.Create(Inv, $"srun: error: {h.Name}: task {task}: {reason}"), label));
            }

            var last = crash.WatchdogTime;
            for (var i = 0; i < hosts.Count; i++)
            {
                if (i == failedHost && (!direct || g == 1 || crash.Kind == CrashKind.NodeDown))
                {
                    continue;
                }

                var t = crash.WatchdogTime.AddSeconds(2.2 + (Rng.Unit(plan.Key, 71, (ulong)i, (ulong)a.Index) * 2));
                if (t > last)
                {
                    last = t;
                }

                string text;
                if (direct)
                {
                    var lo = i * g;
                    var hi = lo + g - 1;
                    var tasks = i == failedHost
                        ? string.Join(',', Ranges(lo, hi, crash.FailedRank))
                        : g == 1 ? lo.ToString(Inv) : string.Create(Inv, $"{lo}-{hi}");
                    text = string.Create(Inv, $"srun: error: {hosts[i].Name}: {(g == 1 ? "task" : "tasks")} {tasks}: Aborted (core dumped)");
                }
                else
                {
                    text = string.Create(Inv, $"srun: error: {hosts[i].Name}: task {i}: Exited with exit code 1");
                }

                into.Add(new Entry(t).Add(text, crash.Kind == CrashKind.CollectiveHang ? crash.Cause.Root : label));
            }

            var end = last.AddSeconds(0.7);
            into.Add(new Entry(end)
                .Add("srun: Job step aborted: Waiting up to 32 seconds for job step to finish.")
                .Add(string.Create(Inv, $"slurmstepd: error: *** STEP {step} ON {hosts[0].Name} CANCELLED AT {Stamps.Slurm(end + hosts[0].ClockSkew)} ***"), crash.Kind == CrashKind.CollectiveHang ? crash.Cause.Root : label));
        }
    }

    private static IEnumerable<string> Ranges(int lo, int hi, int skip)
    {
        if (skip > lo)
        {
            yield return skip - 1 > lo ? string.Create(Inv, $"{lo}-{skip - 1}") : lo.ToString(Inv);
        }

        if (skip < hi)
        {
            yield return hi > skip + 1 ? string.Create(Inv, $"{skip + 1}-{hi}") : hi.ToString(Inv);
        }
    }
}
