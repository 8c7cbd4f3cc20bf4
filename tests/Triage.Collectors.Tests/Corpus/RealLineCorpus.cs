using System.Text.Json;
using Triage.Collectors.Extraction;
using Triage.Rules;
using Triage.Symptoms;
using Triage.Testing;

namespace Triage.Collectors.Tests.Corpus;

/// <summary>
/// The real-line corpus (tests/data/real-lines/{dev,test}.jsonl) and its scorer: each line goes on
/// its own through the same path as <c>triage extract --json</c> (a file, the built-in rules, the
/// metrics detectors and the unknown-line miner), so a line is judged without neighbours.
/// </summary>
internal static class RealLineCorpus
{
    public static string Directory => Path.Combine(TestRepository.Data, "real-lines");

    public static IReadOnlyList<RealLine> Load(string part)
    {
        var lines = new List<RealLine>();
        foreach (var json in File.ReadLines(Path.Combine(Directory, part + ".jsonl")))
        {
            if (json.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var round = root.TryGetProperty("round", out var r) ? r.GetInt32() : 1;
            lines.Add(new RealLine(root.GetProperty("line").GetString()!, root.GetProperty("expect").GetString()!, root.GetProperty("source").GetString()!, round));
        }

        return lines;
    }

    public static async Task<RealLineScore> ScoreAsync(IReadOnlyList<RealLine> lines, RuleSet rules)
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-real-lines-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            int labeled = 0, recalled = 0, flagged = 0, right = 0, benignFlagged = 0;
            var misses = new List<string>();
            var wrong = new List<string>();
            var path = Path.Combine(dir, "line.log");
            foreach (var line in lines)
            {
                var found = await ExtractAsync(path, line.Line, rules);
                var loud = found.Where(s => s.Severity >= Severity.Warning).ToList();
                flagged += loud.Count;
                if (line.IsBenign)
                {
                    if (loud.Count > 0)
                    {
                        benignFlagged++;
                        wrong.Add($"benign got {Describe(loud)}: {line.Line}");
                    }

                    continue;
                }

                labeled++;
                if (found.Any(s => s.Kind == line.Expect))
                {
                    recalled++;
                }
                else
                {
                    misses.Add($"{line.Expect} got {(found.Count == 0 ? "nothing" : Describe(found))}: {line.Line}");
                }

                right += loud.Count(s => s.Kind == line.Expect);
                wrong.AddRange(loud.Where(s => s.Kind != line.Expect).Select(s => $"{line.Expect} also got {s.Kind}/{s.Severity}: {line.Line}"));
            }

            return new RealLineScore(lines.Count, labeled, lines.Count - labeled, recalled, flagged, right, benignFlagged, misses, wrong);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<List<Symptom>> ExtractAsync(string path, string line, RuleSet rules)
    {
        await File.WriteAllTextAsync(path, line + "\n");
        var found = new List<Symptom>();
        await FileExtraction.ExtractAsync(path, "line.log", rules, (batch, _) =>
        {
            found.AddRange(batch);
            return Task.CompletedTask;
        });
        return found;
    }

    private static string Describe(IEnumerable<Symptom> symptoms) =>
        string.Join(", ", symptoms.Select(s => $"{s.Kind}/{s.Severity}"));
}
