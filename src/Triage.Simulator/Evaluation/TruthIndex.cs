using Triage.Hypotheses;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Evaluation;

/// <summary>
/// The truth's labels by source line: (path, line) → the cause (by index into
/// <see cref="GroundTruth.Causes"/>) and role, or noise. One entry per listed line; when a line is
/// listed twice the first listing wins.
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

        Listed = new long[truth.Causes.Count];
        _labels = new Dictionary<(string, long), Label>(truth.Symptoms.Count + truth.Noise.Count);
        foreach (var symptom in truth.Symptoms)
        {
            if (causes.TryGetValue(symptom.Cause, out var cause))
            {
                Listed[cause]++;
                _labels.TryAdd((symptom.Path, symptom.Line), new Label(cause, symptom.Role));
            }
        }

        foreach (var noise in truth.Noise)
        {
            _labels.TryAdd((noise.Path, noise.Line), Label.Noise);
        }
    }

    /// <summary>Truth lines listed per cause.</summary>
    public long[] Listed { get; }

    /// <summary>The label of a source line; <see cref="Label.None"/> when the truth does not list it.</summary>
    public Label Lookup(string path, long line) => _labels.GetValueOrDefault((path, line), Label.None);

    /// <summary>A cause index and role, or noise (-1), or unlabelled (-2).</summary>
    internal readonly record struct Label(int Cause, AttributionRole Role)
    {
        public static Label Noise { get; } = new(-1, AttributionRole.Root);

        public static Label None { get; } = new(-2, AttributionRole.Root);

        public bool IsCause => Cause >= 0;

        public bool IsNoise => Cause == -1;
    }
}
