namespace Triage.Storage.Embedded.Tests;

/// <summary>A checkpoint of run-a for the store tests (also linked into the store contract suite).</summary>
internal static class TestCheckpoints
{
    public static SourceCheckpoint Make(string path, long offset) => new()
    {
        Run = "run-a",
        Path = path,
        SourceId = "src-" + path,
        Fingerprint = "fp-123",
        Offset = offset,
        Line = offset / 10,
        LastTimestamp = TestSymptoms.T0,
        Complete = false,
    };
}
