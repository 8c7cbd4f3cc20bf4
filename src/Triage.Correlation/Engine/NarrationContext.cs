using Triage.Runs;

namespace Triage.Correlation.Engine;

/// <summary>Everything the narrator needs to state evidence with numbers.</summary>
internal sealed record NarrationContext(
    IReadOnlyList<Observation> Roots,
    ComponentBaseline Baseline,
    FactorJoiner Joiner,
    int ValuesTested,
    RunInputs Inputs,
    IReadOnlyList<RootFactors> Factors);
