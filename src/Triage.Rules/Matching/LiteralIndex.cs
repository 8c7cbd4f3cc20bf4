using System.Buffers;

namespace Triage.Rules.Matching;

/// <summary>The distinct literals of a rule set, which rules each one serves, and the prefilter. Immutable.</summary>
internal sealed class LiteralIndex
{
    public LiteralIndex(IReadOnlyList<Rule> rules)
    {
        var literals = new List<string>();
        var ruleLists = new List<List<int>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Count; r++)
        {
            foreach (var literal in rules[r].Literals)
            {
                if (!positions.TryGetValue(literal, out var position))
                {
                    position = literals.Count;
                    positions.Add(literal, position);
                    literals.Add(literal);
                    ruleLists.Add([]);
                }

                ruleLists[position].Add(r);
            }
        }

        Literals = [.. literals];
        RulesByLiteral = new int[ruleLists.Count][];
        for (var i = 0; i < ruleLists.Count; i++)
        {
            RulesByLiteral[i] = [.. ruleLists[i]];
        }

        Prefilter = SearchValues.Create(Literals, StringComparison.Ordinal);
    }

    /// <summary>Distinct literals, in rule order (an array: the session indexes it per candidate line).</summary>
    public string[] Literals { get; }

    /// <summary>For each entry of <see cref="Literals"/>, the indexes of the rules that list it.</summary>
    public int[][] RulesByLiteral { get; }

    public SearchValues<string> Prefilter { get; }
}
