using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Storage;

namespace Triage.Tui;

/// <summary>
/// What one TUI session works on: the store, the run, who is voting, and how to re-run the
/// analysis. Immutable; the store must be usable from a background thread (every
/// <see cref="ISymptomStore"/> is).
/// </summary>
/// <param name="Store">The store the hypotheses, votes, decisions and notes live in.</param>
/// <param name="Run">The run shown.</param>
/// <param name="User">The engineer's name: votes and decisions are recorded under it.</param>
public sealed record TuiSession(ISymptomStore Store, string Run, string User)
{
    /// <summary>The run directory, to read raw lines around a symptom (its paths are relative to it); null when unknown.</summary>
    public string? RunDirectory { get; init; }

    /// <summary>Re-runs the analysis and saves it to the store (<c>r</c>); null when the session cannot.</summary>
    public Func<CancellationToken, Task>? Reanalyze { get; init; }

    /// <summary>Clock for decisions and notes and for the refresh timer. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Blind mode: a hypothesis's tallies and voters stay hidden until you have voted on it. Default: off.</summary>
    public bool Blind { get; init; }

    /// <summary>How often the store is polled for changes made by other processes. Default: 2 s.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the TUI logs (never the console). Default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
