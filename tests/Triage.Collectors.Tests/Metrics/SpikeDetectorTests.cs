using Triage.Collectors.Metrics;

namespace Triage.Collectors.Tests.Metrics;

public sealed class SpikeDetectorTests
{
    [Fact]
    public void Add_CleanCurveWithWarmupNoiseAndLrDrop_ReportsNothing()
    {
        var random = new Random(11);
        var detector = new SpikeDetector(MetricsOptions.Default);
        var spikes = new List<SpikeEvent>();

        for (var step = 0; step < 50_000; step++)
        {
            if (detector.Add(Loss(step, random), At(step)) is { } e)
            {
                spikes.Add(e);
            }
        }

        Assert.Empty(spikes);
        Assert.Null(detector.Flush());
    }

    [Theory]
    [InlineData(6.0, 5.0)]
    [InlineData(8.0, 0.0)]
    [InlineData(40.0, 10.0)]
    public void Add_InjectedSpike_ReportedAtItsStepWithItsSize(double sigma, double decay)
    {
        var random = new Random(12);
        var detector = new SpikeDetector(MetricsOptions.Default);
        var spikes = new List<SpikeEvent>();

        for (var step = 0; step < 6000; step++)
        {
            var age = step - 5000;
            var bump = age < 0 ? 0 : decay == 0 ? (age == 0 ? 1 : 0) : Math.Exp(-age / decay);
            if (detector.Add(Loss(step, random) + (bump * sigma * Noise(step)), At(step)) is { } e)
            {
                spikes.Add(e);
            }
        }

        var spike = Assert.Single(spikes);
        Assert.InRange(spike.Start.Step, 4998, 5001);
        Assert.InRange(spike.Sigma, sigma * 0.6, sigma * 1.6);
        Assert.True(spike.RelativeJump > 0);
    }

    private static double Noise(int step) => 0.01 * (1 + (3 * Math.Exp(-step / 300.0)));

    private static double Loss(int step, Random random)
    {
        var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var lrDrop = 0.15 / (1 + Math.Exp(-(step - 30_000) / 25.0));
        return 1.9 + (8.5 * Math.Exp(-step / 300.0)) - lrDrop + (Noise(step) * gauss);
    }

    private static MetricAt At(long step) => new(step, null, 0, step + 1, step * 100);
}
