namespace Triage.Runs;

/// <summary>
/// One attempt (restart) of a run: the time segment [<paramref name="Start"/>, <paramref name="End"/>)
/// and the facts that hold during it.
/// </summary>
/// <param name="Index">0-based position after sorting by start.</param>
/// <param name="Start">When the attempt started (UTC).</param>
/// <param name="End">The next attempt's start (or an explicit <c>end</c>); null for an open last attempt.</param>
/// <param name="Versions">The attempt's <c>versions</c> entries plus its other scalar fields, exactly as written.</param>
public sealed record RunAttempt(int Index, DateTimeOffset Start, DateTimeOffset? End, IReadOnlyDictionary<string, string> Versions);
