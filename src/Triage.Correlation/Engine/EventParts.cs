namespace Triage.Correlation.Engine;

/// <summary>
/// Rows that are parts of one event another row already reports. The metrics analysis finds a
/// straggler once (its first slow step, with the whole window in its message) and writes each later
/// slow step as a row of its own (<c>straggler_step</c> names the step it was found at): those rows
/// are that one event's evidence, not failures of their own, so each hangs off the event.
/// </summary>
internal static class EventParts
{
    /// <summary>The parent rule named on a part of an event.</summary>
    public const string Rule = "straggler-slow-steps";

    /// <summary>Whether <paramref name="o"/> is a later row of an event another row reports (linked by <see cref="Link"/>).</summary>
    public static bool IsPart(Observation o) => o.Parent >= 0 && o.ParentRule == Rule;

    /// <summary>Links each part still without a cause to its event's root; returns how many were linked.</summary>
    public static int Link(IReadOnlyList<Observation> observations)
    {
        var events = new Dictionary<(int Rank, string? Attempt, string Step), int>();
        for (var i = 0; i < observations.Count; i++)
        {
            var s = observations[i].Symptom;
            if (s.Kind == StragglerKind && s.Rank is { } rank && !s.Attrs.ContainsKey(FoundAt) && s.Attrs.GetValueOrDefault("step") is { } step)
            {
                events.TryAdd((rank, s.Attrs.GetValueOrDefault("attempt"), step), i);
            }
        }

        var linked = 0;
        for (var i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            if (o.Parent < 0 && o.Symptom.Kind == StragglerKind && o.Symptom.Rank is { } rank && o.Symptom.Attrs.GetValueOrDefault(FoundAt) is { } found
                && events.TryGetValue((rank, o.Symptom.Attrs.GetValueOrDefault("attempt"), found), out var e) && CauseChains.Root(observations, e) is var root && root != i)
            {
                o.Parent = root;
                o.ParentRule = Rule;
                linked++;
            }
        }

        return linked;
    }

    private const string StragglerKind = "train.straggler";

    /// <summary>The attribute of a later slow step: the step its straggler was found at.</summary>
    private const string FoundAt = "straggler_step";
}
