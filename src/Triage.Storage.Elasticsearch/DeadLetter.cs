using Triage.Symptoms;

namespace Triage.Storage.Elasticsearch;

/// <summary>A symptom the cluster refused for good, and why (kept in <c>triage-deadletter-NAMESPACE</c>).</summary>
internal sealed record DeadLetter(Symptom Symptom, string Reason);
