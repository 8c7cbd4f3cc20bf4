using Triage.Hypotheses;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// The truth's labels by source line: (path, line) → the cause (by index into
/// <see cref="GroundTruth.Causes"/>), role and the line's own number among the listed lines, or
/// noise. One entry per listed line; when a line is listed twice the first listing wins. Primary
/// lines are counted per cause and role, so lines the collector never extracted count as misses;
/// companion lines (<c>"primary": false</c>) carry their cause and role but no number.
/// </summary>
internal sealed class TruthIndex
{
    private readonly Dictionary<(string Path, long Line), Label> _labels;

    public TruthIndex(GroundTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < truth.Causes.Count; i++)
        {
            causes.TryAdd(truth.Causes[i].Id, i);
        }

        ListedRoot = new long[truth.Causes.Count];
        ListedCollateral = new long[truth.Causes.Count];
        _labels = new Dictionary<(string, long), Label>(truth.Symptoms.Count + truth.Noise.Count);
        foreach (var symptom in truth.Symptoms)
        {
            if (!causes.TryGetValue(symptom.Cause, out var cause))
            {
                continue;
            }

            // Companion lines of a block (traceback frames, the watchdog's info lines) are labelled
            // so a claim of them is right, but recall asks only for the lines a rule is meant to find.
            if (!symptom.Primary)
            {
                _labels.TryAdd((symptom.Path, symptom.Line), new Label(cause, symptom.Role, -1));
            }
            else if (_labels.TryAdd((symptom.Path, symptom.Line), new Label(cause, symptom.Role, LinesListed)))
            {
                (symptom.Role == AttributionRole.Root ? ListedRoot : ListedCollateral)[cause]++;
                LinesListed++;
            }
        }

        foreach (var noise in truth.Noise)
        {
            _labels.TryAdd((noise.Path, noise.Line), Label.Noise);
        }
    }

    /// <summary>Distinct lines listed for some cause; <see cref="Label.Line"/> runs from 0 to this.</summary>
    public int LinesListed { get; }

    /// <summary>Distinct root lines listed per cause.</summary>
    public long[] ListedRoot { get; }

    /// <summary>Distinct collateral lines listed per cause.</summary>
    public long[] ListedCollateral { get; }

    /// <summary>The labels of the listed primary cause lines (the denominator of recall), each once.</summary>
    public IEnumerable<Label> CauseLines => _labels.Values.Where(l => l.IsCause && l.Line >= 0);

    /// <summary>The label of a source line; <see cref="Label.None"/> when the truth does not list it.</summary>
    public Label Lookup(string path, long line) => _labels.GetValueOrDefault((path, line), Label.None);

    /// <summary>A cause index, role and listed-line number (-1 for a companion line), or noise (-1), or unlabelled (-2).</summary>
    internal readonly record struct Label(int Cause, AttributionRole Role, int Line)
    {
        public static Label Noise { get; } = new(-1, AttributionRole.Root, -1);

        public static Label None { get; } = new(-2, AttributionRole.Root, -1);

        public bool IsCause => Cause >= 0;

        public bool IsNoise => Cause == -1;
    }
}
