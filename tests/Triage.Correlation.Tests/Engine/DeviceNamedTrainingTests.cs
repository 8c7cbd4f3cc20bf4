using System.Globalization;
using Triage.Hypotheses;

namespace Triage.Correlation.Tests.Engine;

/// <summary>
/// A training line that names the device it checked (Megatron's result validation: "Rank R, node H,
/// device D, iteration #N: Possible transient error!!") is that GPU's evidence, not the step's.
/// </summary>
public sealed class DeviceNamedTrainingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Analyze_LossSpikesFlaggedOnOneNamedDevice_BlameThatGpuOnlyWhenTheLineNamesIt(bool namesDevice)
    {
        await using var run = await TestRun.CreateAsync();
        run.WriteLayout(8);
        foreach (var (minute, step) in new[] { (40.0, 110), (75.0, 204), (150.0, 378) })
        {
            (string, string)[] attrs = namesDevice
                ? [("rank", "20"), ("gpu", "4"), ("iteration", step.ToString(CultureInfo.InvariantCulture)), ("verdict", "Possible transient error")]
                : [("iteration", step.ToString(CultureInfo.InvariantCulture))];
            run.Add("train.loss_spike", minute, host: TestRun.Host(2), rank: 20, gpu: 4, attrs: attrs);
        }

        var analysis = await run.AnalyzeAsync();

        var gpuHypothesis = analysis.Hypotheses.Any(h => h.Factors.Contains(new Factor("host", TestRun.Host(2))) && h.Factors.Contains(new Factor("gpu", "4")));
        Assert.Equal(namesDevice, gpuHypothesis);
    }
}
