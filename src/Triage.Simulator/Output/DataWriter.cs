using System.Globalization;
using Triage.Simulator.Model;
using Triage.Simulator.Randomness;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Output;

/// <summary>The step manifest and the metrics, written step by step (never held in memory).</summary>
internal static class DataWriter
{
    private const int RanksPerManifestFile = 8192;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IEnumerable<string> Manifest(Plan plan, string root, TruthWriter truth, CancellationToken cancellationToken)
    {
        if (!plan.Style.IsDefault)
        {
            foreach (var name in StyledManifest(plan, root, truth, plan.Style.Manifest!, cancellationToken))
            {
                yield return name;
            }

            yield break;
        }

        var files = (plan.Ranks + RanksPerManifestFile - 1) / RanksPerManifestFile;
        for (var file = 0; file < files; file++)
        {
            var name = files == 1 ? "manifest/steps.jsonl" : string.Create(Inv, $"manifest/steps-{file:000}.jsonl");
            using var f = new FileSink(root, name, truth);
            var lo = file * RanksPerManifestFile;
            var hi = Math.Min(plan.Ranks, lo + RanksPerManifestFile);
            foreach (var a in plan.Attempts)
            {
                for (var step = a.ResumeStep; step < a.EndStep; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var start = a.StepStart(step);
                    if (start >= a.End)
                    {
                        break;
                    }

                    for (var rank = lo; rank < hi; rank++)
                    {
                        var dp = plan.Parallel.DpOf(rank);
                        var (mean, max) = plan.Shards.SeqLen(step, dp);
                        var t = start + plan.Cluster.HostOfRank(rank).ClockSkew + TimeSpan.FromMilliseconds(Rng.Hash(plan.Key, 91, (ulong)rank, (ulong)step) % 250);
                        f.WriteLine(string.Create(Inv,
                            $"{{\"time\":\"{Stamps.Iso(t)}\",\"rank\":{rank},\"step\":{step},\"data_shard\":\"{plan.Shards.ShardOf(step, dp)}\",\"batch_id\":\"{ShardModel.BatchId(step, dp)}\",\"seq_len_mean\":{mean:0.0},\"seq_len_max\":{max},\"code_version\":\"{plan.CodeVersion}\"}}"), null, start);
                    }
                }
            }

            f.Close();
            yield return name;
        }
    }

    /// <summary>The manifest in a style's field names and formats: one file per 8,192 ranks, or one per rank when the rank is only in the file name.</summary>
    private static IEnumerable<string> StyledManifest(Plan plan, string root, TruthWriter truth, Styles.ManifestShape shape, CancellationToken cancellationToken)
    {
        var perRank = shape.Rank is null;
        var files = perRank ? plan.Ranks : (plan.Ranks + RanksPerManifestFile - 1) / RanksPerManifestFile;
        for (var file = 0; file < files; file++)
        {
            var name = perRank
                ? string.Create(Inv, $"manifest/rank-{file:00000}.jsonl")
                : files == 1 ? "manifest/steps.jsonl" : string.Create(Inv, $"manifest/steps-{file:000}.jsonl");
            using var f = new FileSink(root, name, truth);
            var lo = perRank ? file : file * RanksPerManifestFile;
            var hi = perRank ? file + 1 : Math.Min(plan.Ranks, lo + RanksPerManifestFile);
            var sb = new System.Text.StringBuilder(256);
            foreach (var a in plan.Attempts)
            {
                for (var step = a.ResumeStep; step < a.EndStep; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var start = a.StepStart(step);
                    if (start >= a.End)
                    {
                        break;
                    }

                    for (var rank = lo; rank < hi; rank++)
                    {
                        var dp = plan.Parallel.DpOf(rank);
                        var (mean, max) = plan.Shards.SeqLen(step, dp);
                        var t = start + plan.Cluster.HostOfRank(rank).ClockSkew + TimeSpan.FromMilliseconds(Rng.Hash(plan.Key, 91, (ulong)rank, (ulong)step) % 250);
                        var shard = plan.Shards.ShardOf(step, dp);
                        sb.Clear();
                        sb.Append('{').Append('"').Append(shape.Time).Append("\":");
                        sb.Append(shape.EpochTime ? (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", Inv) : "\"" + Stamps.Iso(t) + "\"");
                        if (shape.Rank is not null)
                        {
                            sb.Append(",\"").Append(shape.Rank).Append("\":").Append(rank.ToString(Inv));
                        }

                        sb.Append(",\"").Append(shape.Step).Append("\":").Append(step.ToString(Inv));
                        sb.Append(",\"data_shard\":").Append(shape.NumericShards ? plan.Shards.IndexOf(shard).ToString(Inv) : "\"" + shard + "\"");
                        sb.Append(string.Create(Inv, $",\"batch_id\":\"{ShardModel.BatchId(step, dp)}\",\"seq_len_mean\":{mean:0.0},\"seq_len_max\":{max},\"code_version\":\"{plan.CodeVersion}\"}}"));
                        f.WriteLine(sb.ToString(), null, start);
                    }
                }
            }

            f.Close();
            yield return name;
        }
    }

    public static IEnumerable<string> Metrics(Plan plan, string root, TruthWriter truth, CancellationToken cancellationToken)
    {
        using (var f = new FileSink(root, "metrics/train.jsonl", truth))
        {
            foreach (var a in plan.Attempts)
            {
                var events = plan.Events.Where(e => e.Kind is SideKind.NanStep or SideKind.LossSpike or SideKind.SdcSpike && a.Contains(e.Time)).GroupBy(e => e.Step).ToDictionary(g => g.Key, g => g.First());
                for (var step = a.ResumeStep; step < a.EndStep; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var t = a.StepStart(step).AddSeconds(a.StepSeconds * 0.97);
                    if (t >= a.End)
                    {
                        break;
                    }

                    events.TryGetValue(step, out var ev);
                    var loss = Output.Metrics.Loss(plan, step);
                    var gn = Output.Metrics.GradNorm(plan, step);
                    var spiked = ev?.Kind is SideKind.LossSpike or SideKind.SdcSpike;
                    var lossText = ev?.Kind == SideKind.NanStep ? "NaN" : (spiked ? loss * 2.6 : loss).ToString("0.0000", Inv);
                    var gnText = ev?.Kind == SideKind.NanStep ? "NaN" : (spiked ? gn * 9 : gn).ToString("0.0000", Inv);
                    var ms = (int)(a.StepSeconds * 1000 * (1 + (0.02 * Output.Metrics.Gauss(plan.Key, 92, step))));
                    f.WriteLine(string.Create(Inv,
                        $"{{\"time\":\"{Stamps.Iso(t + plan.Cluster.HostOfRank(0).ClockSkew)}\",\"step\":{step},\"rank\":0,\"loss\":{lossText},\"grad_norm\":{gnText},\"lr\":{Output.Metrics.Lr(step).ToString("0.000000E+00", Inv)},\"step_time_ms\":{ms}}}"), ev?.Label, t);
                }
            }

            f.Close();
        }

        yield return "metrics/train.jsonl";

        using (var f = new FileSink(root, "metrics/step_times.jsonl", truth))
        {
            foreach (var a in plan.Attempts)
            {
                var hangAt = a.Crash is { Kind: CrashKind.StragglerHang } c ? c.Time : DateTimeOffset.MaxValue;
                for (var step = ((a.ResumeStep / 10) + 1) * 10; step < a.EndStep; step += 10)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var t = a.StepStart(step).AddSeconds(a.StepSeconds * 0.97);
                    if (t >= a.End)
                    {
                        break;
                    }

                    for (var rank = 0; rank < plan.Ranks; rank++)
                    {
                        var compute = a.StepSeconds * 1000 * (0.78 + (0.03 * Rng.Unit(plan.Key, 93, (ulong)rank, (ulong)step)));
                        Model.Label? label = null;
                        if (rank == plan.SlowRank && t >= plan.SlowFrom && t < hangAt)
                        {
                            var x = (t - plan.SlowFrom).TotalSeconds / Math.Max(60, (hangAt - plan.SlowFrom).TotalSeconds);
                            var factor = 1 + (1.6 * Math.Pow(x, 1.4));
                            compute *= factor;
                            if (factor > 1.12)
                            {
                                label = a.Crash!.Cause.Root;
                            }
                        }

                        if (rank == plan.ThrottleRank && t >= plan.ThrottleFrom)
                        {
                            // HW thermal slowdown: clocks halved on and off; the rank's compute takes about half as long again.
                            compute *= 1.45 + (0.1 * Rng.Unit(plan.Key, 94, (ulong)step));
                            label = plan.ThrottleLabel;
                        }

                        f.WriteLine(string.Create(Inv,
                            $"{{\"time\":\"{Stamps.Iso(t + plan.Cluster.HostOfRank(rank).ClockSkew)}\",\"step\":{step},\"rank\":{rank},\"step_time_ms\":{(int)compute}}}"), label, t);
                    }
                }
            }

            f.Close();
        }

        yield return "metrics/step_times.jsonl";
    }
}
