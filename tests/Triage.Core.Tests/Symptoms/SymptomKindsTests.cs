using Triage.Symptoms;

namespace Triage.Core.Tests.Symptoms;

public sealed class SymptomKindsTests
{
    // docs/architecture.md §3, copied here on purpose: renaming or dropping a kind must fail a test.
    private static readonly string[] DesignKinds =
    [
        "gpu.xid", "gpu.lost", "gpu.ecc", "gpu.sxid", "host.mce", "host.pcie", "net.ib_link", "nccl.net_error",
        "proc.segfault", "proc.oom_killed", "proc.abort", "cuda.illegal_address", "cuda.device_assert", "cuda.oom",
        "cuda.error", "nccl.timeout", "nccl.error", "py.exception", "py.fatal", "torch.child_failed", "torch.sigterm",
        "job.cancelled", "job.task_exit", "job.node_fail", "k8s.evicted", "k8s.node_not_ready", "train.loss_spike",
        "train.nan", "train.overflow", "train.straggler", "train.hang", "crash.dump", "log.unknown",
    ];

    [Fact]
    public void All_ContainsEveryDesignKind()
    {
        Assert.All(DesignKinds, k => Assert.True(SymptomKinds.IsKnown(k), k));
    }

    [Fact]
    public void All_NamesAreUniqueAndNamespaced()
    {
        Assert.Equal(SymptomKinds.All.Count, SymptomKinds.All.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(SymptomKinds.All, k => Assert.Matches("^[a-z0-9]+\\.[a-z0-9_]+$", k.Name));
    }

    [Fact]
    public void TryGet_Unknown_ReturnsFalse()
    {
        Assert.False(SymptomKinds.TryGet("gpu.xidd", out _));
        Assert.True(SymptomKinds.TryGet("gpu.xid", out var kind));
        Assert.Equal(SymptomCategory.Hardware, kind.DefaultCategory);
    }
}
