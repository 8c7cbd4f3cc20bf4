using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Output;

/// <summary>The torchrun elastic agent of one node (per-node layout): start banner, SIGTERM cascade, ChildFailedError.</summary>
internal static class AgentLog
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Collect(Plan plan, Host host, List<Entry> into)
    {
        var g = plan.Cluster.GpusPerHost;
        foreach (var a in plan.Attempts)
        {
            var agent = plan.AgentPid(host.Index, a.Index);
            var style = a.Versions.Style;
            var t0 = a.Start.AddSeconds(3 + (Rng.Unit(plan.Key, 61, (ulong)host.Index, (ulong)a.Index) * 4));
            var banner = new Entry(t0);
            foreach (var text in new[] { string.Empty, "*****************************************", "Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed. ", "*****************************************" })
            {
                banner.Add(Line(style, t0 + host.ClockSkew, 'W', agent, "torch/distributed/run.py", 793, "torch.distributed.run", "WARNING", text));
            }

            into.Add(banner);
            if (a.Requeued)
            {
                var tr = a.End.AddSeconds(0.4);
                var e = new Entry(tr);
                var noise = Label.Noise("job cancelled and requeued by the operators (maintenance); the agent forwards SIGTERM");
                e.Add(Line(style, tr + host.ClockSkew, 'W', agent, "torch/distributed/elastic/agent/server/api.py", 719, "torch.distributed.elastic.agent.server.api", "WARNING", "Received 15 death signal, shutting down workers"), noise);
                for (var l = 0; l < g; l++)
                {
                    e.Add(Line(style, tr + host.ClockSkew, 'W', agent, "torch/distributed/elastic/multiprocessing/api.py", 897, "torch.distributed.elastic.multiprocessing.api", "WARNING", "Sending process " + plan.Pid((host.Index * g) + l, a.Index).ToString(Inv) + " closing signal SIGTERM"), noise);
                }

                into.Add(e);
                continue;
            }

            if (a.Crash is not { } crash)
            {
                continue;
            }

            var failedHere = crash.FailedRank >= 0 && crash.FailedRank / g == host.Index && crash.Kind != CrashKind.StragglerHang;
            if (failedHere && crash.Kind == CrashKind.NodeDown)
            {
                // The agent went down with its node.
                continue;
            }

            int firstLocal;
            DateTimeOffset t;
            int exit;
            if (failedHere)
            {
                firstLocal = crash.FailedRank % g;
                t = crash.Time.AddSeconds(1.2 + (Rng.Unit(plan.Key, 62, (ulong)a.Index) * 3));
                exit = crash.ExitCode;
            }
            else
            {
                firstLocal = (int)(Rng.Hash(plan.Key, 63, (ulong)host.Index, (ulong)a.Index) % (ulong)g);
                t = crash.WatchdogTime.AddSeconds(1.1 + (Rng.Unit(plan.Key, 64, (ulong)host.Index) * 1.5));
                exit = -6;
            }

            Failure(plan, host, a, crash, firstLocal, exit, t, into);
        }
    }

    private static void Failure(Plan plan, Host host, Attempt a, Crash crash, int firstLocal, int exit, DateTimeOffset t, List<Entry> into)
    {
        var g = plan.Cluster.GpusPerHost;
        var style = a.Versions.Style;
        var agent = plan.AgentPid(host.Index, a.Index);
        var label = crash.Cause.Collateral;
        var local = t + host.ClockSkew;
        var failedRank = (host.Index * g) + firstLocal;
        var failedPid = plan.Pid(failedRank, a.Index);
        var e = new Entry(t);
        for (var l = 0; l < g; l++)
        {
            if (l != firstLocal)
            {
                e.Add(Line(style, local, 'W', agent, "torch/distributed/elastic/multiprocessing/api.py", 897, "torch.distributed.elastic.multiprocessing.api", "WARNING", "Sending process " + plan.Pid((host.Index * g) + l, a.Index).ToString(Inv) + " closing signal SIGTERM"), label);
            }
        }

        var done = local.AddSeconds(4.2);
        e.Add(Line(style, done, 'E', agent, "torch/distributed/elastic/multiprocessing/api.py", 869, "torch.distributed.elastic.multiprocessing.api", "ERROR",
            string.Create(Inv, $"failed (exitcode: {exit}) local_rank: {firstLocal} (pid: {failedPid}) of binary: /usr/bin/python3")), label);
        e.Add("Traceback (most recent call last):", label);
        e.Add("  File \"/usr/local/bin/torchrun\", line 8, in <module>");
        e.Add("    sys.exit(main())");
        e.Add("  File \"/usr/local/lib/python3.10/dist-packages/torch/distributed/elastic/multiprocessing/errors/__init__.py\", line 355, in wrapper");
        e.Add("    return f(*args, **kwargs)");
        e.Add("  File \"/usr/local/lib/python3.10/dist-packages/torch/distributed/run.py\", line 919, in main");
        e.Add("    run(args)");
        e.Add("  File \"/usr/local/lib/python3.10/dist-packages/torch/distributed/run.py\", line 910, in run");
        e.Add("    elastic_launch(");
        e.Add("  File \"/usr/local/lib/python3.10/dist-packages/torch/distributed/launcher/api.py\", line 138, in __call__");
        e.Add("    return launch_agent(self._config, self._entrypoint, list(args))");
        e.Add("  File \"/usr/local/lib/python3.10/dist-packages/torch/distributed/launcher/api.py\", line 269, in launch_agent");
        e.Add("    raise ChildFailedError(");
        e.Add("torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ");
        e.Add("============================================================");
        e.Add("pretrain_gpt.py FAILED");
        e.Add("------------------------------------------------------------");
        e.Add("Failures:");
        var others = Enumerable.Range(0, g).Where(l => l != firstLocal).Take(t > crash.Time.AddSeconds(60) ? g : 0).ToList();
        if (others.Count == 0)
        {
            e.Add("  <NO_OTHER_FAILURES>");
        }
        else
        {
            var i = 1;
            foreach (var l in others)
            {
                var r = (host.Index * g) + l;
                var p = plan.Pid(r, a.Index);
                e.Add("[" + i.ToString(Inv) + "]:");
                Row(e, done, plan.ProcessHost(host), r, l, -6, p);
                i++;
            }
        }

        e.Add("------------------------------------------------------------");
        e.Add("Root Cause (first observed failure):", label);
        e.Add("[0]:");
        Row(e, done.AddSeconds(-4), plan.ProcessHost(host), failedRank, firstLocal, exit, failedPid);
        e.Add("============================================================");
        into.Add(e);
    }

    private static void Row(Entry e, DateTimeOffset t, string host, int rank, int local, int exit, int pid)
    {
        e.Add("  time      : " + Stamps.Table(t));
        e.Add("  host      : " + host);
        e.Add(string.Create(Inv, $"  rank      : {rank} (local_rank: {local})"));
        e.Add(string.Create(Inv, $"  exitcode  : {exit} (pid: {pid})"));
        e.Add("  error_file: <N/A>");
        e.Add(exit < 0
            ? string.Create(Inv, $"  traceback : Signal {-exit} ({(exit == -11 ? "SIGSEGV" : exit == -6 ? "SIGABRT" : exit == -15 ? "SIGTERM" : "SIGKILL")}) received by PID {pid}")
            : "  traceback : To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html");
    }

    private static string Line(TorchStyle style, DateTimeOffset local, char level, int pid, string file, int line, string logger, string levelName, string text) =>
        style == TorchStyle.Classic
            ? Stamps.PyLog(local, logger, levelName) + text
            : Stamps.Glog(local, level, pid, file, line) + text;
}
