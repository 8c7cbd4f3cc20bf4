using System.Globalization;
using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Simulator.Curves;
using Triage.Symptoms;

namespace Triage.Bench.Metrics;

/// <summary>Spike detection quality on simulated curves: precision and recall by spike size and shape, false alarms on clean curves.</summary>
internal static class Detection
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string work, int files, long steps)
    {
        Console.WriteLine(string.Create(Inv, $"{files} curves x {steps:N0} steps per row (each curve: loss and grad norm)"));
        Console.WriteLine("| curves | spikes (per metric, alternating) | injected | detected | repeats (in a spike's tail) | false alarms | precision | recall | false alarms per 100k steps |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        await RowAsync(work, "clean", files, steps, 0, 0, 0, 0, 0).ConfigureAwait(false);
        await RowAsync(work, "5-7σ, decay 3-20 steps", files, steps, 100, 5, 7, 3, 20).ConfigureAwait(false);
        await RowAsync(work, "7-10σ, decay 3-20 steps", files, steps, 100, 7, 10, 3, 20).ConfigureAwait(false);
        await RowAsync(work, "10-50σ, decay 1-50 steps", files, steps, 100, 10, 50, 1, 50).ConfigureAwait(false);
        await RowAsync(work, "5-7σ, one step", files, steps, 100, 5, 7, 0, 0).ConfigureAwait(false);
        await RowAsync(work, "7-10σ, one step", files, steps, 100, 7, 10, 0, 0).ConfigureAwait(false);
        await RowAsync(work, "10-20σ, one step", files, steps, 100, 10, 20, 0, 0).ConfigureAwait(false);
    }

    private static async Task RowAsync(string work, string label, int files, long steps, int spikesPer100k, double minSigma, double maxSigma, double minDecay, double maxDecay)
    {
        long injected = 0, matched = 0, falseAlarms = 0, detected = 0, repeats = 0;
        for (var i = 0; i < files; i++)
        {
            var path = Path.Combine(work, "curve.jsonl");
            var options = new CurveOptions
            {
                Seed = (ulong)(1000 + i + (spikesPer100k == 0 ? 0 : (int)(minSigma * 100) + (int)maxDecay)),
                Steps = steps,
                Spikes = (int)(spikesPer100k * steps / 100_000),
                MinSigma = minSigma,
                MaxSigma = maxSigma,
                MinDecaySteps = minDecay,
                MaxDecaySteps = maxDecay,
            };
            var truth = CurveSimulator.Write(path, options);
            var found = new List<Symptom>();
            await FileExtraction.ExtractAsync(path, "curve.jsonl", RuleSet.Parse([]), (symptoms, _) =>
            {
                found.AddRange(symptoms.Where(s => s.Kind == "train.loss_spike"));
                return Task.CompletedTask;
            }).ConfigureAwait(false);
            injected += truth.Count;
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "2")
            {
                var steps2 = found.Select(f => (f.Attrs["metric"], long.Parse(f.Attrs["step"], Inv))).ToList();
                foreach (var t in truth.Where(t => !steps2.Any(f => f.Item1 == t.Metric && f.Item2 >= t.Step - 5 && f.Item2 <= t.Step + 5 + (3 * t.DecaySteps))))
                {
                    Console.Error.WriteLine(string.Create(Inv, $"missed ({label}): {t}"));
                }
            }

            detected += found.Count;
            var used = new bool[truth.Count];
            foreach (var s in found)
            {
                var step = long.Parse(s.Attrs["step"], Inv);
                var hit = -1;
                for (var t = 0; t < truth.Count; t++)
                {
                    var spike = truth[t];
                    if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") == "2" && !used[t] && spike.Metric == s.Attrs["metric"] && Math.Abs(step - spike.Step) < 100)
                    {
                        Console.Error.WriteLine(string.Create(Inv, $"near {spike} {s.Message}"));
                    }

                    if (!used[t] && spike.Metric == s.Attrs["metric"] && step >= spike.Step - 5 && step <= spike.Step + 5 + (3 * spike.DecaySteps))
                    {
                        hit = t;
                        break;
                    }
                }

                if (hit >= 0)
                {
                    used[hit] = true;
                    matched++;
                }
                else if (truth.Any(t => t.Metric == s.Attrs["metric"] && step >= t.Step && step <= t.Step + 5 + (8 * t.DecaySteps)))
                {
                    // Inside an injected spike's lifetime (the simulator adds its bump for 8 decay times):
                    // a second report of that spike's tail, not an alarm on clean steps; it still costs precision.
                    repeats++;
                    if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
                    {
                        Console.Error.WriteLine(string.Create(Inv, $"repeat ({label}, curve {i}): {s.Message}"));
                    }
                }
                else
                {
                    falseAlarms++;
                    if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
                    {
                        Console.Error.WriteLine(string.Create(Inv, $"false alarm ({label}, curve {i}): {s.Message}"));
                    }
                }
            }
        }

        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
        {
            Console.Error.WriteLine(string.Create(Inv, $"{label}: {injected - matched} missed"));
        }

        var precision = detected == 0 ? 1 : (double)matched / detected;
        var recall = injected == 0 ? double.NaN : (double)matched / injected;
        var perHundredK = falseAlarms * 100_000.0 / (files * steps);
        Console.WriteLine(string.Create(Inv,
            $"| {label} | {(injected == 0 ? "none" : "1 per 1,000 steps")} | {injected} | {matched} | {repeats} | {falseAlarms} | {(injected == 0 ? "-" : precision.ToString("0.000", Inv))} | {(injected == 0 ? "-" : recall.ToString("0.000", Inv))} | {perHundredK:0.00} |"));
    }
}
