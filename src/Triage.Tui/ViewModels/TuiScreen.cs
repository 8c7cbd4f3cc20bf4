namespace Triage.Tui.ViewModels;

/// <summary>What the main list shows.</summary>
internal enum TuiScreen
{
    /// <summary>The ranked hypotheses.</summary>
    Hypotheses,

    /// <summary>The symptoms behind one hypothesis, grouped by kind and host.</summary>
    Symptoms,

    /// <summary>A symptom's raw line with the lines around it.</summary>
    Source,

    /// <summary>The key list.</summary>
    Help,
}
