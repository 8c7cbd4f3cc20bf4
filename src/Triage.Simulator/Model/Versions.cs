namespace Triage.Simulator.Model;

/// <summary>Library versions of one attempt, as run.yaml lists them.</summary>
internal sealed record Versions(string Torch, string Nccl, string Cuda, string Driver)
{
    /// <summary>Which ProcessGroupNCCL / c10 log style this torch prints.</summary>
    public TorchStyle Style => Torch switch
    {
        var t when t.StartsWith("2.1", StringComparison.Ordinal) || t.StartsWith("2.2", StringComparison.Ordinal) => TorchStyle.Classic,
        var t when t.StartsWith("2.4", StringComparison.Ordinal) || t.StartsWith("2.3", StringComparison.Ordinal) => TorchStyle.RankPrefixed,
        var t when t.StartsWith("2.5", StringComparison.Ordinal) => TorchStyle.Pg25,
        var t when t.StartsWith("2.7", StringComparison.Ordinal) || t.StartsWith("2.8", StringComparison.Ordinal) => TorchStyle.Pg28,
        _ => TorchStyle.PgGuid,
    };
}
