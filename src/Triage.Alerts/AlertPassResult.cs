namespace Triage.Alerts;

/// <summary>What one watch pass did for one run (the status line's numbers).</summary>
/// <param name="Run">The run.</param>
/// <param name="Firing">Alerts of the run firing after the pass.</param>
/// <param name="Fired">Alerts that started firing in this pass.</param>
/// <param name="Resolved">Alerts that resolved in this pass.</param>
/// <param name="Silenced">Firing alerts held back by a silence.</param>
/// <param name="Queued">Requests queued for the destinations.</param>
public sealed record AlertPassResult(string Run, int Firing, int Fired, int Resolved, int Silenced, int Queued);
