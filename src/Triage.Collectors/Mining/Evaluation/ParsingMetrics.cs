namespace Triage.Collectors.Mining.Evaluation;

/// <summary>
/// GA, FGA, PA and FTA exactly as the Loghub-2.0 benchmark computes them (logparser's
/// <c>evaluator.get_accuracy</c>, <c>PA_calculator</c>, <c>template_level_analysis</c>): groups are
/// the distinct template strings on both sides; messages without a true template are left out of
/// GA, FGA and FTA and count as wrong for PA (whose denominator is all messages).
/// </summary>
public static class ParsingMetrics
{
    /// <summary>Scores <paramref name="parsed"/> against <paramref name="truth"/> (same length, one entry per message).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static ParsingScores Compute(IReadOnlyList<string?> truth, IReadOnlyList<string> parsed)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(parsed);
        if (truth.Count != parsed.Count)
        {
            throw new ArgumentException("truth and parsed differ in length", nameof(parsed));
        }

        var rows = Enumerable.Range(0, truth.Count).Where(i => truth[i] is not null)
            .Select(i => (Truth: truth[i]!, Parsed: parsed[i])).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("no message has a true template", nameof(truth));
        }

        var parsedSizes = rows.GroupBy(r => r.Parsed, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var trueGroups = rows.GroupBy(r => r.Truth, StringComparer.Ordinal).ToList();

        long accurateMessages = 0;
        var accurateGroups = 0;
        foreach (var group in trueGroups)
        {
            var parsedHere = group.Select(r => r.Parsed).Distinct(StringComparer.Ordinal).ToList();
            if (parsedHere.Count == 1 && parsedSizes[parsedHere[0]] == group.Count())
            {
                accurateMessages += group.Count();
                accurateGroups++;
            }
        }

        var correctTemplates = rows.GroupBy(r => r.Parsed, StringComparer.Ordinal)
            .Count(g => g.All(r => string.Equals(r.Truth, g.Key, StringComparison.Ordinal)));
        var pta = (double)correctTemplates / parsedSizes.Count;
        var rta = (double)correctTemplates / trueGroups.Count;
        return new ParsingScores(
            GroupingAccuracy: (double)accurateMessages / rows.Count,
            GroupingF1: F1((double)accurateGroups / parsedSizes.Count, (double)accurateGroups / trueGroups.Count),
            ParsingAccuracy: (double)rows.Count(r => string.Equals(r.Truth, r.Parsed, StringComparison.Ordinal)) / truth.Count,
            TemplateF1: F1(pta, rta),
            TemplatePrecision: pta,
            TemplateRecall: rta,
            ParsedTemplates: parsedSizes.Count,
            TrueTemplates: trueGroups.Count);
    }

    private static double F1(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}
