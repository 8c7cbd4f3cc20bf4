namespace Triage.Collectors.Tests.Corpus;

/// <summary>One line of tests/data/real-lines: the verbatim line, what it means, and where it was published.</summary>
/// <param name="Line">The line as published (prefixes included).</param>
/// <param name="Expect">The kind it should produce, or <c>benign</c>: no warning-or-worse symptom.</param>
/// <param name="Source">Address of the public issue, page or file it was taken from.</param>
internal sealed record RealLine(string Line, string Expect, string Source)
{
    public const string Benign = "benign";

    public bool IsBenign => Expect == Benign;
}
