namespace Triage.Reports.Model;

/// <summary>Representative raw lines of one symptom kind.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Count">How many symptoms of the kind the run has.</param>
/// <param name="Lines">The earliest few, with where to read them.</param>
public sealed record KindLines(string Kind, long Count, IReadOnlyList<RawLine> Lines);
