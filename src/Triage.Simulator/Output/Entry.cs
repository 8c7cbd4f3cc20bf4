using Triage.Simulator.Model;

namespace Triage.Simulator.Output;

/// <summary>
/// Lines one writer printed at one moment (a block stays together). <see cref="Time"/> is true
/// time; stamps inside the lines already carry the host's clock skew.
/// </summary>
internal sealed class Entry(DateTimeOffset time)
{
    public DateTimeOffset Time { get; } = time;

    public List<(string Text, Label? Label)> Lines { get; } = [];

    public Entry Add(string text, Label? label = null)
    {
        Lines.Add((text, label));
        return this;
    }
}
