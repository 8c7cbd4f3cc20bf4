using Triage.Hypotheses;

namespace Triage.Simulator.Model;

/// <summary>What the truth says about a written line: a cause's root or collateral symptom, or noise.</summary>
internal sealed record Label(string? Cause, AttributionRole Role, string? Note)
{
    /// <summary>A line of the event that a rule is not meant to find on its own (a recovery line, a block's companion).</summary>
    public bool Companion { get; init; }

    public Label AsCompanion => this with { Companion = true };

    public static Label Root(string cause) => new(cause, AttributionRole.Root, null);

    public static Label Collateral(string cause) => new(cause, AttributionRole.Collateral, null);

    public static Label Noise(string note) => new(null, AttributionRole.Root, note);

    public bool IsNoise => Cause is null;
}
