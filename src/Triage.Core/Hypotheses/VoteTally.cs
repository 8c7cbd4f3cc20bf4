namespace Triage.Hypotheses;

/// <summary>Votes on a hypothesis: one per engineer, changeable.</summary>
public sealed record VoteTally(int Up, int Down)
{
    /// <summary>No votes yet.</summary>
    public static VoteTally None { get; } = new(0, 0);
}
