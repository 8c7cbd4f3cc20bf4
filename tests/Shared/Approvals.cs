namespace Triage.Testing;

/// <summary>
/// Compares what a user sees with an approved file kept beside the tests
/// (<c>Approved/NAME.approved.txt</c>). On a difference it writes <c>NAME.received.txt</c> next to
/// it and fails; approve a change by renaming the received file. Set TRIAGE_APPROVE=1 to approve all.
/// </summary>
internal static class Approvals
{
    public static void Verify(string name, string actual)
    {
        var dir = Path.Combine(Triage.Testing.TestRepository.TestProject, "Approved");
        var approved = Path.Combine(dir, name + ".approved.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("TRIAGE_APPROVE") == "1")
        {
            File.WriteAllText(approved, actual);
        }

        var expected = File.Exists(approved) ? File.ReadAllText(approved) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"{name}: output differs from {approved} (see {received}).\n--- received ---\n{actual}");
    }
}
