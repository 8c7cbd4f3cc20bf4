using Triage.Hypotheses;

namespace Triage.Reports.Model;

/// <summary>The cause a post-mortem leads with and how settled it is.</summary>
/// <param name="Cause">The confirmed hypothesis, else the top-ranked one.</param>
/// <param name="Confirmed">True when an engineer's latest decision on it is a confirm.</param>
/// <param name="Decision">That confirm (who, when, why), or null.</param>
/// <param name="Hypotheses">How many hypotheses the run has.</param>
/// <param name="FirstFailures">How many first failures (not collateral of another) the analysis found.</param>
public sealed record ReportSummary(Hypothesis Cause, bool Confirmed, ReviewEntry? Decision, int Hypotheses, int FirstFailures);
