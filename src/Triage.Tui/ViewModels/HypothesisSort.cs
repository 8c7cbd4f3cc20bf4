namespace Triage.Tui.ViewModels;

/// <summary>How the hypotheses list is ordered.</summary>
internal enum HypothesisSort
{
    /// <summary>By the analysis's score (its rank), best first.</summary>
    Evidence,

    /// <summary>By net votes (up minus down), most first; ties by score.</summary>
    Votes,

    /// <summary>By the earliest symptom explained, earliest first; unknown times last.</summary>
    FirstSeen,
}
