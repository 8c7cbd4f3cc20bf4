using Triage.Collectors.Metrics;
using Triage.Testing;

namespace Triage.Collectors.Tests.Metrics;

public sealed class TrainingCurveReaderTests
{
    [Fact]
    public void Read_TorchSum_LossAndGradNormOfTheLoggingRankWithItsNaNs()
    {
        var (curve, problems) = TrainingCurveReader.Read(Path.Combine(TestRepository.Root, "samples", "torch-sum"));

        Assert.Empty(problems);
        Assert.Equal(["metrics/train.jsonl"], curve.Files);
        Assert.Equal(["grad_norm", "loss"], curve.Points.Select(p => p.Name).Distinct().Order());
        Assert.All(curve.Points, p => Assert.NotNull(p.Time));
        Assert.Contains(curve.Points, p => p.Name == "loss" && double.IsNaN(p.Value));
        Assert.Equal(7, curve.Points.Select(p => p.Attempt).Distinct().Count());
        Assert.False(curve.Thinned);
    }

    [Fact]
    public void Read_DirectoryWithoutMetrics_Empty()
    {
        var (curve, problems) = TrainingCurveReader.Read(Path.Combine(TestRepository.Root, "samples", "gpu-fell-off-bus"));

        Assert.Empty(curve.Points);
        Assert.Empty(curve.Files);
        Assert.Empty(problems);
    }
}
