using System.Globalization;
using System.Text;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Curves;

/// <summary>
/// Writes a training-metrics JSONL curve (<c>step, time, loss, grad_norm, lr, loss_scale,
/// step_time_ms</c>) with what makes spike detection hard: a steep warm-up fall of the loss and
/// grad norm, noise that is larger early and shrinks, Gaussian loss noise and skewed (half-normal)
/// grad-norm noise, a linear LR warm-up then cosine decay with step drops (each drop lowers the loss
/// over ~100 steps), and slow drift. Spikes are injected with a known size in σ of the local noise
/// and a decay time; the list of them is the truth. Deterministic: same options, same bytes.
/// Thread-safe (no shared state).
/// </summary>
public static class CurveSimulator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the curve to <paramref name="path"/> and returns the spikes injected.</summary>
    public static IReadOnlyList<InjectedSpike> Write(string path, CurveOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        return Write(writer, options, cancellationToken);
    }

    /// <summary>Writes the curve to <paramref name="writer"/> and returns the spikes injected.</summary>
    public static IReadOnlyList<InjectedSpike> Write(TextWriter writer, CurveOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var rng = Rng.For(options.Seed, 0xC0FE);
        var spikes = Plan(options, Rng.For(options.Seed, 0x5EED));
        var drops = Enumerable.Range(0, 3).Select(i => (Step: (long)(options.Steps * (0.3 + (0.2 * i)) * rng.Between(0.9, 1.1)), Size: rng.Between(0.05, 0.2))).ToArray();
        var warmup = rng.Between(500, 3000);
        var decay = rng.Between(150, 600);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var next = 0;
        var active = new List<(InjectedSpike Spike, double Peak)>();
        var line = new StringBuilder(160);
        for (long step = 0; step < options.Steps; step++)
        {
            if ((step & 0xfff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var early = Math.Exp(-step / (double)decay);
            var lossSigma = 0.01 * (1 + (3 * early));
            var gradScale = 0.03 * (1 + (3 * early));
            var dropped = drops.Sum(d => d.Size / (1 + Math.Exp(-(step - d.Step) / 25.0)));
            var loss = 1.9 + (8.5 * early) + (0.6 * Math.Exp(-step / 20000.0)) - dropped + (0.02 * Math.Sin(step / 7000.0)) + (lossSigma * rng.Normal());
            var grad = 0.25 + (2.5 * early) + (gradScale * Math.Abs(rng.Normal()));
            var gradSigma = gradScale * 0.6028; // sd of a half-normal
            while (next < spikes.Count && spikes[next].Step == step)
            {
                var s = spikes[next++];
                active.Add((s, s.Sigma * (s.Metric == "loss" ? lossSigma : gradSigma)));
            }

            for (var i = active.Count - 1; i >= 0; i--)
            {
                var (s, peak) = active[i];
                var age = step - s.Step;
                var bump = s.DecaySteps <= 0 ? (age == 0 ? peak : 0) : peak * Math.Exp(-age / s.DecaySteps);
                if (s.Metric == "loss")
                {
                    loss += bump;
                }
                else
                {
                    grad += bump;
                }

                if (s.DecaySteps <= 0 || age > 8 * s.DecaySteps)
                {
                    active.RemoveAt(i);
                }
            }

            var lr = step < warmup ? 3e-4 * (step + 1) / warmup : 3e-5 + (0.5 * 2.7e-4 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, options.Steps - warmup))));
            lr *= Math.Pow(0.5, drops.Count(d => step >= d.Step));
            var time = start.AddSeconds(step * 4.2);
            line.Clear();
            line.Append(Inv, $"{{\"step\":{step},\"time\":\"{time:yyyy-MM-ddTHH:mm:ss.fffZ}\"");
            if (options.Rank >= 0)
            {
                line.Append(Inv, $",\"rank\":{options.Rank}");
            }

            line.Append(Inv, $",\"loss\":{loss:0.######},\"grad_norm\":{grad:0.######},\"lr\":{lr:0.######E+00},\"loss_scale\":65536,\"step_time_ms\":{4200 + (40 * rng.Normal()):0}}}");
            writer.WriteLine(line);
        }

        return spikes;
    }

    private static List<InjectedSpike> Plan(CurveOptions options, Rng rng)
    {
        var spikes = new List<InjectedSpike>(options.Spikes);
        if (options.Spikes <= 0 || options.Steps <= options.QuietSteps)
        {
            return spikes;
        }

        // Evenly spaced with jitter, so spikes do not overlap and each is scored on its own.
        var spacing = (options.Steps - options.QuietSteps) / (double)options.Spikes;
        for (var i = 0; i < options.Spikes; i++)
        {
            var step = options.QuietSteps + (long)((i + rng.Between(0.1, 0.5)) * spacing);
            var sigma = rng.Between(options.MinSigma, options.MaxSigma);
            var decay = options.MaxDecaySteps <= 0 ? 0 : rng.Between(options.MinDecaySteps, options.MaxDecaySteps);
            spikes.Add(new InjectedSpike(i % 2 == 0 ? "loss" : "grad_norm", step, sigma, decay));
        }

        return spikes;
    }
}
