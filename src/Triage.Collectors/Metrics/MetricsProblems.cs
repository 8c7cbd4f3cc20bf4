using System.Globalization;
using System.Text;

namespace Triage.Collectors.Metrics;

/// <summary>
/// What was wrong with one metrics source, counted (never thrown): rows that are not rows, rows
/// with fewer columns than the header, values written as text (<c>nan</c>, <c>inf</c>), duplicate
/// and out-of-order steps, a cut-off last row, a corrupt TensorBoard record. Not thread-safe.
/// </summary>
internal sealed class MetricsProblems
{
    private readonly SortedDictionary<string, (long Count, long FirstLine)> _counts = new(StringComparer.Ordinal);

    /// <summary>Whether anything was counted.</summary>
    public bool Any => _counts.Count > 0;

    /// <summary>Whether a problem that loses data (not just a note) was counted.</summary>
    public bool Damaged { get; private set; }

    /// <summary>The count of one problem.</summary>
    public long Count(string problem) => _counts.TryGetValue(problem, out var c) ? c.Count : 0;

    /// <summary>Counts <paramref name="problem"/> at <paramref name="line"/>; <paramref name="damaging"/> when data is lost.</summary>
    public void Add(string problem, long line, bool damaging = true)
    {
        Damaged |= damaging;
        _counts[problem] = _counts.TryGetValue(problem, out var c) ? (c.Count + 1, c.FirstLine) : (1, line);
    }

    /// <summary>One sentence for a collector failure: <c>3 duplicate steps (first at line 12); ...</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var (problem, (count, first)) in _counts)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{count} {problem} (first at {first})");
        }

        return text.ToString();
    }
}
