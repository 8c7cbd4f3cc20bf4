namespace Triage.Collectors.Mining.Evaluation;

/// <summary>
/// Leave-one-system-out scoring of <see cref="TemplateMiner"/>: for each system, the setting is
/// chosen on the other systems alone (<see cref="Choose"/> over <see cref="Grid"/>) and only then
/// scored on the held-out one. The mean over the held-out scores is the honest number for a system
/// nobody tuned on; the all-systems table with the shipped defaults sits next to it.
/// Deterministic; thread-safe (no shared state).
/// </summary>
public static class LeaveOneSystemOut
{
    /// <summary>
    /// The declared grid: every tunable value of <see cref="TemplateMinerOptions"/> (the distinct-value
    /// merge threshold and the constant tokens a merge must leave). The shipped default comes first so
    /// that, on a tie, the default is kept.
    /// </summary>
    public static IReadOnlyList<TemplateMinerOptions> Grid { get; } = BuildGrid();

    /// <summary>Scores every setting of <paramref name="grid"/> on every system of <paramref name="directory"/>, then runs the folds.</summary>
    /// <exception cref="InvalidDataException">A system's CSV lacks a needed column or has no rows.</exception>
    public static LosoReport Run(string directory, IReadOnlyList<TemplateMinerOptions>? grid = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        grid ??= Grid;
        var systems = LoghubEvaluator.FindSystems(directory);
        var scores = grid.Select(options => systems.Select(s => LoghubEvaluator.Evaluate(directory, s, options)).ToList()).ToList();
        return Fold(systems, grid, scores);
    }

    /// <summary>The folds from a precomputed table: <paramref name="scores"/>[setting][system].</summary>
    public static LosoReport Fold(IReadOnlyList<string> systems, IReadOnlyList<TemplateMinerOptions> grid, IReadOnlyList<IReadOnlyList<SystemScore>> scores)
    {
        ArgumentNullException.ThrowIfNull(systems);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(scores);
        var folds = new List<LosoFold>();
        for (var held = 0; held < systems.Count; held++)
        {
            var training = Enumerable.Range(0, systems.Count).Where(i => i != held).ToList();
            var chosen = Choose(grid.Count, setting => training.Select(i => scores[setting][i].Scores).ToList());
            folds.Add(new LosoFold(systems[held], grid[chosen], scores[chosen][held]));
        }

        var all = Choose(grid.Count, setting => scores[setting].Select(s => s.Scores).ToList());
        return new LosoReport(folds, grid[all]);
    }

    /// <summary>
    /// The fixed criterion: the setting with the highest mean GA over the given systems, then the
    /// highest mean FGA; on a full tie the earlier one in the grid (the default first).
    /// </summary>
    public static int Choose(int settings, Func<int, IReadOnlyList<ParsingScores>> scoresOf)
    {
        ArgumentNullException.ThrowIfNull(scoresOf);
        var best = 0;
        (double Ga, double Fga) bestMean = (double.MinValue, double.MinValue);
        for (var setting = 0; setting < settings; setting++)
        {
            var s = scoresOf(setting);
            // Rounded to 4 places as reported: a difference nobody can see is no reason to move off the default.
            var mean = (Math.Round(s.Average(x => x.GroupingAccuracy), 4), Math.Round(s.Average(x => x.GroupingF1), 4));
            if (mean.Item1 > bestMean.Ga || (mean.Item1 == bestMean.Ga && mean.Item2 > bestMean.Fga))
            {
                best = setting;
                bestMean = mean;
            }
        }

        return best;
    }

    private static List<TemplateMinerOptions> BuildGrid()
    {
        var grid = new List<TemplateMinerOptions> { TemplateMinerOptions.Default };
        foreach (var distinct in new[] { 2, 3, 4, 5, 6, 8 })
        {
            foreach (var constants in new[] { 1, 2, 3 })
            {
                var options = TemplateMinerOptions.Default with { MinDistinctValues = distinct, MinConstantTokens = constants };
                if (options != TemplateMinerOptions.Default)
                {
                    grid.Add(options);
                }
            }
        }

        return grid;
    }
}
