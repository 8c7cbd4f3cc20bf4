using System.Diagnostics;

namespace Triage.Collectors.Mining.Evaluation;

/// <summary>
/// Scores <see cref="TemplateMiner"/> on a Loghub-layout folder: every sub-folder <c>X</c> holding
/// <c>X_2k.log</c> and <c>X_2k.log_structured_corrected.csv</c> is one system. The miner reads the
/// CSV's <c>Content</c> column in order (header already removed, as Loghub-2.0 evaluates), its
/// templates are passed through <see cref="TemplateCorrector"/> like every Loghub-2.0 parser's, and
/// scored against <c>EventTemplate</c> with <see cref="ParsingMetrics"/>. One fresh miner per system,
/// same options for all. Thread-safe (no shared state).
/// </summary>
public static class LoghubEvaluator
{
    /// <summary>Systems found under <paramref name="directory"/>, ordinal by name.</summary>
    public static IReadOnlyList<string> FindSystems(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateDirectories(directory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(LogPath(directory, name)) && File.Exists(TruthPath(directory, name)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The <c>Content</c> column of one system's corrected structured CSV, in line order.</summary>
    /// <exception cref="InvalidDataException">The CSV lacks <c>Content</c>.</exception>
    public static IReadOnlyList<string> ReadContent(string directory, string system)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(system);
        return CsvTable.Parse(File.ReadAllText(TruthPath(directory, system))).Column("Content");
    }

    /// <summary>Mines and scores one system.</summary>
    /// <exception cref="InvalidDataException">The CSV lacks <c>Content</c> or <c>EventTemplate</c>, or has no rows.</exception>
    public static SystemScore Evaluate(string directory, string system, TemplateMinerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(system);
        var table = CsvTable.Parse(File.ReadAllText(TruthPath(directory, system)));
        var content = table.Column("Content");
        var truth = table.Column("EventTemplate");
        if (content.Count == 0)
        {
            throw new InvalidDataException($"{system}: the structured CSV has no rows.");
        }

        var watch = Stopwatch.StartNew();
        var parsed = Mine(content, options);
        var seconds = watch.Elapsed.TotalSeconds;
        var corrected = parsed.Select(TemplateCorrector.Correct).ToList();
        return new SystemScore(system, content.Count, ParsingMetrics.Compute(truth.Select(t => (string?)t).ToList(), corrected), seconds);
    }

    /// <summary>Mines <paramref name="messages"/> in order and returns each one's final template text.</summary>
    public static IReadOnlyList<string> Mine(IReadOnlyList<string> messages, TemplateMinerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var miner = new TemplateMiner(options);
        var clusters = messages.Select(m => miner.Add(m)).ToList();
        miner.Consolidate();
        return clusters.Select(c => miner.TemplateOf(c)?.Text ?? string.Empty).ToList();
    }

    private static string LogPath(string directory, string system) => Path.Combine(directory, system, system + "_2k.log");

    private static string TruthPath(string directory, string system) =>
        Path.Combine(directory, system, system + "_2k.log_structured_corrected.csv");
}
