using Triage.Simulator.Model;
using Triage.Simulator.Randomness;

namespace Triage.Simulator.Output;

/// <summary>The training curves, a function of the step (a replayed step after a restart gives the same values).</summary>
internal static class Metrics
{
    public static double Loss(Plan plan, long step)
    {
        var noise = Gauss(plan.Key, 51, step) * 0.012;
        return 1.92 + (8.9 * Math.Exp(-step / 420.0)) + (0.55 * Math.Exp(-step / 9000.0)) + noise;
    }

    public static double GradNorm(Plan plan, long step) =>
        0.22 + (2.5 * Math.Exp(-step / 300.0)) + (Math.Abs(Gauss(plan.Key, 52, step)) * 0.04);

    public static double Lr(long step) => step < 2000
        ? 3e-4 * (step + 1) / 2000.0
        : 3e-5 + (0.5 * (3e-4 - 3e-5) * (1 + Math.Cos(Math.PI * Math.Min(1.0, (step - 2000) / 498000.0))));

    public static double Gauss(ulong key, ulong stream, long step)
    {
        var u1 = 1.0 - Rng.Unit(key, stream, (ulong)step, 1);
        var u2 = Rng.Unit(key, stream, (ulong)step, 2);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
