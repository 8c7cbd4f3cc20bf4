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

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void Add_SpikeRisingOutOfANoisyStep_StartsAtItsFirstFarPoint(double before)
    {
        // A one-step spike of 12σ at step 5000 whose previous step happened to sit 1.5-2.5σ up: the
        // spike is step 5000's (the row the metrics file logged it on), not step 4999's. Before,
        // the start was the first point of the run above 1σ, so sdc runs blamed the step before
        // the spiked one.
        var random = new Random(14);
        var detector = new SpikeDetector(MetricsOptions.Default);
        var spikes = new List<SpikeEvent>();
        for (var step = 0; step < 6000; step++)
        {
            var bump = step == 4999 ? before : step == 5000 ? 12 : 0;
            var value = step is 4999 or 5000 ? Trend(step) + (bump * Noise(step)) : Loss(step, random);
            if (detector.Add(value, At(step)) is { } e)
            {
                spikes.Add(e);
            }
        }

        var spike = Assert.Single(spikes);
        Assert.Equal(5000, spike.Start.Step);
        Assert.Equal(5000, spike.EndStep);
    }

    [Fact]
    public void Add_OneStepSpikesOnGaussianAndHalfNormalNoise_ThresholdFollowsTheNoiseShape()
    {
        // A 5.8σ one-step spike passes the symmetric threshold (5σ) on Gaussian noise; on half-normal
        // noise (grad norms) the same σ is below the raised one (≈ 6.5σ), whose long upper tail
        // would otherwise pass 5σ of its sd about 140 times per million points.
        var gaussian = OneStepSpikes(halfNormal: false, sigma: 5.8);
        var halfNormal = OneStepSpikes(halfNormal: true, sigma: 5.8);
        var halfNormalLarge = OneStepSpikes(halfNormal: true, sigma: 9);

        Assert.InRange(gaussian, 10, 20); // ≈ 0.6-0.7 of them: the noise itself moves each one by ±1σ
        Assert.InRange(halfNormal, 0, 6);
        Assert.InRange(halfNormalLarge, 16, 20);
    }

    /// <summary>Spikes found among 20 one-step spikes of <paramref name="sigma"/> (σ: the noise's sd) over 40,000 points.</summary>
    private static int OneStepSpikes(bool halfNormal, double sigma)
    {
        var random = new Random(13);
        var detector = new SpikeDetector(MetricsOptions.Default);
        var found = 0;
        for (var step = 0; step < 40_000; step++)
        {
            var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var noise = halfNormal ? 0.03 * Math.Abs(gauss) : 0.01 * gauss;
            var sd = halfNormal ? 0.03 * 0.6028 : 0.01;
            var spike = step >= 1000 && step % 2000 == 1000 ? sigma * sd : 0;
            if (detector.Add(1.0 + noise + spike, At(step)) is { } e && (e.Start.Step - 1000) % 2000 is >= -2 and <= 2)
            {
                found++;
            }
        }

        return found;
    }

    private static double Noise(int step) => 0.01 * (1 + (3 * Math.Exp(-step / 300.0)));

    private static double Loss(int step, Random random)
    {
        var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Trend(step) + (Noise(step) * gauss);
    }

    private static double Trend(int step) => 1.9 + (8.5 * Math.Exp(-step / 300.0)) - (0.15 / (1 + Math.Exp(-(step - 30_000) / 25.0)));

    private static MetricAt At(long step) => new(step, null, 0, step + 1, step * 100);
}
