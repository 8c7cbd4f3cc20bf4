using System.Globalization;
using Triage.Collectors.Mining;
using Triage.Collectors.Mining.Evaluation;

namespace Triage.Bench.Miner;

/// <summary>
/// <c>--loso</c>: the all-systems table with the shipped defaults and the leave-one-system-out table
/// (setting chosen on the other systems, scored on the held-out one), as Markdown for the README.
/// </summary>
internal static class LosoTables
{
    public static int Run(string dir)
    {
        var systems = LoghubEvaluator.FindSystems(dir);
        if (systems.Count == 0)
        {
            Console.Error.WriteLine($"no Loghub systems under {dir}");
            return 2;
        }

        var grid = LeaveOneSystemOut.Grid;
        Console.WriteLine($"grid: {grid.Count} settings (MinDistinctValues x MinConstantTokens); criterion: mean GA, then mean FGA, on the training systems; tie: the default");
        var scores = grid.Select(o => (IReadOnlyList<SystemScore>)systems.Select(s => LoghubEvaluator.Evaluate(dir, s, o)).ToList()).ToList();
        var report = LeaveOneSystemOut.Fold(systems, grid, scores);

        Console.WriteLine();
        Console.WriteLine("Each setting on all systems (mean GA / FGA; systems under GA 0.98):");
        for (var i = 0; i < grid.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Describe(grid[i]),-40} {scores[i].Average(s => s.Scores.GroupingAccuracy):0.0000} / {scores[i].Average(s => s.Scores.GroupingF1):0.0000}; {string.Join(", ", scores[i].Where(s => s.Scores.GroupingAccuracy < 0.98).Select(s => $"{s.System} {s.Scores.GroupingAccuracy:0.000}"))}"));
        }

        Console.WriteLine();
        Console.WriteLine($"All {systems.Count} systems, shipped defaults ({Describe(TemplateMinerOptions.Default)}); the criterion on all {systems.Count} picks {Describe(report.ChosenOnAll)}:");
        Console.WriteLine();
        Print(scores[0].Select(s => (s, (TemplateMinerOptions?)null)).ToList());

        Console.WriteLine();
        Console.WriteLine("Leave one system out (each row: setting chosen on the other systems, scored on this one):");
        Console.WriteLine();
        Print(report.Folds.Select(f => (f.Score, (TemplateMinerOptions?)f.Chosen)).ToList());
        return 0;
    }

    private static void Print(List<(SystemScore Score, TemplateMinerOptions? Chosen)> rows)
    {
        var withSetting = rows.Any(r => r.Chosen is not null);
        Console.WriteLine("| system | GA | FGA | PA | FTA | templates (true) |" + (withSetting ? " chosen on the others |" : string.Empty));
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |" + (withSetting ? " --- |" : string.Empty));
        foreach (var (score, chosen) in rows)
        {
            var s = score.Scores;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {score.System} | {s.GroupingAccuracy:0.000} | {s.GroupingF1:0.000} | {s.ParsingAccuracy:0.000} | {s.TemplateF1:0.000} | {s.ParsedTemplates} ({s.TrueTemplates}) |")
                + (chosen is null ? string.Empty : $" {Describe(chosen)} |"));
        }

        var all = rows.Select(r => r.Score.Scores).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **average** | **{all.Average(s => s.GroupingAccuracy):0.000}** | **{all.Average(s => s.GroupingF1):0.000}** | {all.Average(s => s.ParsingAccuracy):0.000} | {all.Average(s => s.TemplateF1):0.000} | |")
            + (withSetting ? " |" : string.Empty));
    }

    private static string Describe(TemplateMinerOptions o) =>
        string.Create(CultureInfo.InvariantCulture, $"distinct {o.MinDistinctValues}, constants {o.MinConstantTokens}");
}
