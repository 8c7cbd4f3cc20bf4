namespace Triage.Collectors.Tests.Corpus;

/// <summary>One line of tests/data/real-lines: the verbatim line, what it means, and where it was published.</summary>
/// <param name="Line">The line as published (prefixes included).</param>
/// <param name="Expect">The kind it should produce, or <c>benign</c>: no warning-or-worse symptom.</param>
/// <param name="Source">Address of the public issue, page or file it was taken from.</param>
/// <param name="Round">The collection round that added the line (1 for the lines of issue 16 and its
/// second round, which carry no <c>round</c> field; 3 to 10 for the third to tenth rounds), so a round's new lines
/// can be scored on their own.</param>
internal sealed record RealLine(string Line, string Expect, string Source, int Round = 1)
{
    public const string Benign = "benign";

    public bool IsBenign => Expect == Benign;
}
