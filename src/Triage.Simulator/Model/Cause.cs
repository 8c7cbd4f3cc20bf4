using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Simulator.Model;

/// <summary>An injected cause and how a correct hypothesis names it.</summary>
internal sealed class Cause(string id, string scenario, SymptomCategory category, IReadOnlyList<IReadOnlyList<Factor>> match)
{
    public string Id { get; } = id;

    public string Scenario { get; } = scenario;

    public SymptomCategory Category { get; } = category;

    public IReadOnlyList<IReadOnlyList<Factor>> Match { get; } = match;

    public string Summary { get; set; } = string.Empty;

    public DateTimeOffset? FirstSeen { get; private set; }

    public Label Root { get; } = Label.Root(id);

    public Label Collateral { get; } = Label.Collateral(id);

    public void Seen(DateTimeOffset time)
    {
        if (FirstSeen is null || time < FirstSeen)
        {
            FirstSeen = time;
        }
    }
}
