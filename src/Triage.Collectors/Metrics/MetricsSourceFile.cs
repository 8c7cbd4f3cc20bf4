namespace Triage.Collectors.Metrics;

/// <summary>A metrics file to read.</summary>
/// <param name="FullPath">Where it is.</param>
/// <param name="Path">Its run-relative path (what symptoms say).</param>
/// <param name="SourceId">Its source id (symptom ids are made from it).</param>
/// <param name="Format">How it is written.</param>
internal sealed record MetricsSourceFile(string FullPath, string Path, string SourceId, MetricsFormat Format);
