using Triage.Simulator.Model;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Scenarios;

/// <summary>Turns options into a <see cref="Plan"/>: cluster, scenarios, and a schedule of attempts around the incidents.</summary>
internal static class PlanBuilder
{
    private static readonly Versions[] BaseVersions =
    [
        new("2.1.2", "2.18.6", "12.1", "535.129.03"),
        new("2.4.1", "2.20.5", "12.4", "550.54.15"),
        new("2.6.0", "2.21.5", "12.6", "560.35.03"),
    ];

    public static Plan Build(SimulationOptions options, string runName)
    {
        var scenarioKey = 1469598103934665603UL;
        foreach (var c in string.Join(',', options.Scenarios))
        {
            scenarioKey = (scenarioKey ^ c) * 1099511628211UL;
        }

        var seed = (ulong)(uint)options.Seed;
        var key = Rng.Hash(seed, scenarioKey);
        var rng = Rng.For(key, 1);
        var hostCount = options.Ranks / options.GpusPerHost;
        var style = Styles.StylePacks.Find(options.Style) ?? Styles.StylePacks.Default;

        // A style overrides what the seed draws, but every draw is still made: the default style stays byte-identical.
        var prefix = rng.Pick(["node-", "node-", "gpu-node-", "dgx-"]);
        var cluster = new Cluster(hostCount, options.GpusPerHost, key, style.HostPrefix ?? prefix, style.SkewScale, style.Domain,
            style.Hosts == Styles.HostNaming.Pod ? runName + "-worker-" : null);
        var start = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero)
            .AddDays((int)(seed * 37 % 280))
            .AddHours((int)(seed % 24))
            .AddMinutes(rng.Between(0, 59))
            .AddSeconds(rng.Between(0, 59));
        var end = start.AddSeconds(Math.Round(options.Hours * 3600));
        var versions = BaseVersions[rng.Next(BaseVersions.Length)];
        versions = style.Versions ?? versions;
        var shards = new ShardModel(key);
        var specs = options.Scenarios.Select((s, i) => ScenarioCatalog.Build(s, Rng.For(key, 100 + (ulong)i), cluster, options.Ranks, options.Hours, shards, versions)).ToArray();
        var layouts = options.Ranks <= 512 ? new[] { LogLayout.SlurmLabel, LogLayout.PerNode, LogLayout.PerRank } : [LogLayout.PerNode, LogLayout.PerRank];
        var layout = LayoutOf(style.Launcher) ?? layouts[(int)(Rng.Hash(key, 2) % (ulong)layouts.Length)];
        var dataScenario = options.Scenarios.Any(s => s is "torch-sum" or "race" or "regression" or "two-causes");
        var plan = new Plan
        {
            RunName = runName,
            Scenarios = options.Scenarios,
            Seed = options.Seed,
            Key = key,
            Ranks = options.Ranks,
            Cluster = cluster,
            Parallel = ParallelLayout.For(options.Ranks, options.GpusPerHost),
            JobId = 40000 + (int)(Rng.Hash(key, 3) % 60000),
            Start = start,
            End = end,
            Layout = layout,
            Megatron = Forced(!rng.Chance(0.25), style.Megatron),
            DmesgStyle = rng.Chance(0.3),
            CodeVersion = CodeVersion(key),
            Shards = shards,
            Causes = [.. specs.SelectMany(s => s.Causes)],
            WithManifest = (dataScenario || rng.Chance(0.5)) && style.Manifest is not null,
            Style = style,
        };

        Schedule(plan, specs, versions, rng, options.Ranks > 4096 ? 20 : 15);
        if (specs.Select(s => s.Throttle).FirstOrDefault(t => t is not null) is { } throttle)
        {
            plan.ThrottleRank = throttle.Rank;
            plan.ThrottleFrom = plan.Start.AddSeconds(throttle.At * (plan.End - plan.Start).TotalSeconds);
            plan.ThrottleLabel = throttle.Cause.Root;
            throttle.Cause.Seen(plan.ThrottleFrom);
        }

        ResolveEvents(plan, specs, rng);
        AddNoise(plan, specs, rng);
        return plan;
    }

    private static bool Forced(bool drawn, bool? forced) => forced ?? drawn;

    /// <summary>The crash semantics of a launcher: torchrun-like agents kill a failed rank's neighbours (per node), direct launches do not.</summary>
    private static LogLayout? LayoutOf(Styles.Launcher launcher) => launcher switch
    {
        Styles.Launcher.Seeded => null,
        Styles.Launcher.Mpirun or Styles.Launcher.PerRankJournal => LogLayout.PerRank,
        _ => LogLayout.PerNode,
    };

    private static void Schedule(Plan plan, ScenarioSpec[] specs, Versions versions, Rng rng, double baseStepSeconds)
    {
        var span = (plan.End - plan.Start).TotalSeconds;
        var requests = specs.SelectMany(s => s.Crashes).OrderBy(r => r.At).ToList();
        var upgrade = specs.FirstOrDefault(s => s.UpgradeAt is not null);
        var stepSeconds = Math.Round(baseStepSeconds * rng.Between(0.9, 1.1), 2);
        var checkpointEvery = Math.Max(20, (long)(1800 / stepSeconds) / 10 * 10);
        long resume = 0;
        var attempt = NewAttempt(plan, 0, plan.Start, resume, stepSeconds, versions, rng);
        var upgradePending = upgrade?.UpgradeAt;
        foreach (var request in requests)
        {
            var wanted = plan.Start.AddSeconds(request.At * span);
            if (upgradePending is { } u && wanted > plan.Start.AddSeconds(u * span))
            {
                var at = Max(plan.Start.AddSeconds(u * span), attempt.FirstStep.AddMinutes(10));
                attempt.End = at;
                attempt.Requeued = true;
                resume = attempt.StepAt(at) / checkpointEvery * checkpointEvery;
                versions = versions with { Nccl = upgrade!.UpgradeValue! };
                plan.Attempts.Add(attempt);
                attempt = NewAttempt(plan, attempt.Index + 1, at.AddSeconds(rng.Between(240, 600)), resume, stepSeconds, versions, rng);
                upgradePending = null;
            }

            var tc = Max(wanted, attempt.FirstStep.AddSeconds(Math.Min(rng.Between(600, 1500), span * 0.3)));
            tc = tc.AddTicks(rng.Next(1_000_000) * 10L);
            if (tc > plan.End.AddSeconds(-Math.Min(900, span * 0.2)))
            {
                continue;
            }

            var crash = new Crash(request.Cause, request.Kind, tc, request.Rank)
            {
                Variant = request.Variant,
                LeadMs = rng.Between(150, 1900),
            };
            crash.Step = attempt.StepAt(tc);
            crash.Seq = attempt.SeqAt(tc);
            (crash.Op, crash.Numel) = rng.Pick<(string, long)>([("ALLREDUCE", 50331648), ("_ALLGATHER_BASE", 268435456), ("_REDUCE_SCATTER_BASE", 544997376), ("ALLREDUCE", 1)]);
            if (request.Kind == CrashKind.CollectiveHang)
            {
                crash.FailedRank = -1;
            }

            if (request.Shard is not null)
            {
                plan.Shards.Force(crash.Step, plan.Parallel.DpOf(crash.FailedRank), request.Shard);
            }

            if (request.Kind == CrashKind.NetworkError && request.NicPort >= 0)
            {
                var down = tc.AddSeconds(-rng.Between(20, 40));
                plan.Events.Add(new SideEvent(SideKind.NicDown, down, request.Cause.Root) { Host = request.Rank / plan.Cluster.GpusPerHost, Variant = request.NicPort, Seconds = (tc - down).TotalSeconds + 600 + rng.Between(60, 120) });
            }
            else if (request.Kind == CrashKind.NetworkError)
            {
                plan.Events.Add(new SideEvent(SideKind.LinkFlap, tc.AddSeconds(-rng.Between(20, 40)), request.Cause.Root) { Switch = request.Switch, Seconds = rng.Between(45, 120) });
            }

            if (request.Kind == CrashKind.StragglerHang)
            {
                plan.SlowRank = crash.FailedRank;
                plan.SlowFrom = Max(attempt.FirstStep, tc.AddMinutes(-rng.Between(40, 70)));
            }

            request.Cause.Seen(request.Kind == CrashKind.StragglerHang ? plan.SlowFrom : request.Kind == CrashKind.CollectiveHang ? crash.WatchdogTime : tc);
            attempt.Crash = crash;
            attempt.End = tc;
            if (request.Terminal)
            {
                plan.Attempts.Add(attempt);
                return;
            }

            resume = crash.Step / checkpointEvery * checkpointEvery;
            var restart = tc.AddSeconds(600 + rng.Between(150, 480));
            plan.Attempts.Add(attempt);
            attempt = NewAttempt(plan, attempt.Index + 1, restart, resume, stepSeconds, versions, rng);
        }

        attempt.End = plan.End;
        plan.Attempts.Add(attempt);
    }

    private static Attempt NewAttempt(Plan plan, int index, DateTimeOffset start, long resume, double stepSeconds, Versions versions, Rng rng)
    {
        _ = plan;
        return new Attempt
        {
            Index = index,
            Start = start,
            FirstStep = start.AddSeconds(rng.Between(70, 160)),
            ResumeStep = resume,
            StepSeconds = stepSeconds,
            Versions = versions,
            SeqBase = rng.Between(2, 9),
        };
    }

    /// <summary>A short git hash; never one that spells a word a reader could take as a hint.</summary>
    private static string CodeVersion(ulong key)
    {
        for (ulong i = 0; ; i++)
        {
            var hash = (Rng.Hash(key, 4, i) & 0xFFFFFFF).ToString("x7", System.Globalization.CultureInfo.InvariantCulture);
            if (!hash.Contains("bad", StringComparison.Ordinal) && !hash.Contains("dead", StringComparison.Ordinal) && !hash.Contains("bug", StringComparison.Ordinal))
            {
                return hash;
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void ResolveEvents(Plan plan, ScenarioSpec[] specs, Rng rng)
    {
        var span = (plan.End - plan.Start).TotalSeconds;
        foreach (var (at, e) in specs.SelectMany(s => s.Events))
        {
            var t = plan.Start.AddSeconds(at * span);
            var attempt = plan.AttemptAt(t);
            if (attempt is null || t < attempt.FirstStep.AddMinutes(3) || t > attempt.End.AddMinutes(-2))
            {
                continue;
            }

            if (e.Kind == SideKind.SdcSpike)
            {
                var step = attempt.StepAt(t);
                plan.Events.Add(e with { Time = attempt.StepStart(step).AddSeconds(attempt.StepSeconds * 0.9), Step = step });
                plan.Causes.First(c => c.Id == e.Label.Cause).Seen(attempt.StepStart(step));
            }
            else if (e.Kind is SideKind.NanStep or SideKind.LossSpike)
            {
                var step = attempt.StepAt(t);
                var bad = specs.SelectMany(s => s.Crashes).First(c => ReferenceEquals(c.Cause.Root, e.Label) || c.Cause.Id == e.Label.Cause).Shard!;
                plan.Shards.Force(step, plan.Parallel.DpOf(e.Rank), bad);
                plan.Events.Add(e with { Time = attempt.StepStart(step).AddSeconds(attempt.StepSeconds * 0.9), Step = step });
                plan.Causes.First(c => c.Id == e.Label.Cause).Seen(attempt.StepStart(step));
            }
            else
            {
                plan.Events.Add(e with { Time = t });
                plan.Causes.First(c => c.Id == e.Label.Cause).Seen(t);
            }
        }

        _ = rng;
    }

    private static void AddNoise(Plan plan, ScenarioSpec[] specs, Rng rng)
    {
        var keep = specs.SelectMany(s => s.KeepHosts).ToHashSet();
        foreach (var a in plan.Attempts.Where(a => a.Crash is not null))
        {
            keep.Add(Math.Max(0, a.Crash!.FailedRank) / plan.Cluster.GpusPerHost);
        }

        var hosts = plan.Cluster.Hosts.Count;
        int Other()
        {
            for (var i = 0; i < 20; i++)
            {
                var h = rng.Next(hosts);
                if (!keep.Contains(h))
                {
                    return h;
                }
            }

            return rng.Next(hosts);
        }

        var first = plan.Attempts[0];
        var early = first.FirstStep.AddMinutes(rng.Between(4, 20));
        plan.Events.Add(new SideEvent(SideKind.Xid13, early, Label.Noise("harmless Xid 13 (graphics exception from an earlier user's job) long before anything else")) { Host = Other(), Variant = rng.Next(8) });
        plan.Events.Add(new SideEvent(SideKind.EdacCorrected, plan.Start.AddMinutes(rng.Between(10, (int)(plan.End - plan.Start).TotalMinutes - 5)), Label.Noise("corrected host memory error (EDAC CE)")) { Host = Other() });
        if (rng.Chance(0.6))
        {
            plan.Events.Add(new SideEvent(SideKind.AerCorrected, plan.Start.AddMinutes(rng.Between(5, (int)(plan.End - plan.Start).TotalMinutes - 5)), Label.Noise("PCIe correctable error on a NIC")) { Host = Other() });
        }

        var upload = plan.AttemptAt(plan.Start.AddSeconds((plan.End - plan.Start).TotalSeconds * rng.Between(0.1, 0.9)));
        if (upload is not null && rng.Chance(0.7))
        {
            plan.Events.Add(new SideEvent(SideKind.UploaderTraceback, upload.FirstStep.AddSeconds(rng.Between(200, 900)), Label.Noise("metrics uploader lost its HTTP connection (retried)")) { Rank = plan.LoggingRank });
        }

        if (!plan.Scenarios.Contains("ib-flap") && hosts > 1)
        {
            plan.Events.Add(new SideEvent(SideKind.PortBlip, plan.Start.AddMinutes(rng.Between(10, (int)(plan.End - plan.Start).TotalMinutes - 5)), Label.Noise("single IB port error/active pair on one host, recovered")) { Host = Other() });
        }

        if (!plan.Megatron)
        {
            plan.Events.Add(new SideEvent(SideKind.WarmupOverflow, first.FirstStep.AddSeconds(first.StepSeconds * 3.5), Label.Noise("fp16 loss-scale overflow during warm-up")) { Step = first.ResumeStep + 3 });
        }

        if (hosts >= 6)
        {
            var missing = Other();
            if (!keep.Contains(missing))
            {
                plan.MissingKernelLogs.Add(missing);
            }

            var cut = Other();
            if (!keep.Contains(cut) && cut != missing)
            {
                plan.CutShort[cut] = plan.Start.AddSeconds((plan.End - plan.Start).TotalSeconds * rng.Between(0.5, 0.95));
            }
        }

        plan.Events.Sort((a, b) => a.Time.CompareTo(b.Time));
    }
}
