namespace Triage.Storage.Elasticsearch;

/// <summary>What one pull of shipped log documents did.</summary>
/// <param name="Run">The run the symptoms went to.</param>
/// <param name="Documents">Documents read (including ones read again after a restart).</param>
/// <param name="SymptomsFound">Symptoms extracted.</param>
/// <param name="SymptomsNew">Symptoms the store did not have yet.</param>
public sealed record LogPullResult(string Run, long Documents, long SymptomsFound, long SymptomsNew);
