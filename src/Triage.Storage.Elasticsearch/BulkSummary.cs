namespace Triage.Storage.Elasticsearch;

/// <summary>What one bulk write did with its symptoms: every symptom is in exactly one of the three.</summary>
internal sealed class BulkSummary
{
    public int Created { get; set; }

    public int AlreadyStored { get; set; }

    public List<DeadLetter> DeadLetters { get; } = [];
}
