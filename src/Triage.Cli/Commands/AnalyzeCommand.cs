using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Triage.Hypotheses;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Cli.Commands;

/// <summary><c>triage analyze RUN_DIR</c>: collect what is new, correlate, store and print the hypotheses.</summary>
internal static class AnalyzeCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var dir = new Argument<string>("RUN_DIR") { Description = "Directory of logs copied off the cluster (files are recognised by content)" };
        var run = new Option<string?>("--run") { Description = "Run name (default: the directory's name)" };
        var json = new Option<bool>("--json") { Description = "Print the triage.analysis/v1 JSON contract" };
        var explain = new Option<string?>("--explain") { Description = "Explain one hypothesis (by id, or by rank such as 1): evidence, samples, next check" };
        var top = new Option<int>("--top") { Description = "How many hypotheses to print", DefaultValueFactory = _ => 10 };
        var command = new Command("analyze", "Collect a run directory, correlate its symptoms into single-root-cause hypotheses and print them") { dir, run, json, explain, top };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var topN = parse.GetValue(top);
            if (topN < 1)
            {
                throw new TriageException("--top must be at least 1", ExitCodes.Usage);
            }

            var runDir = env.Resolve(parse.GetValue(dir)!);
            if (!Directory.Exists(runDir))
            {
                throw new TriageException($"run directory '{runDir}' does not exist", ExitCodes.Usage);
            }

            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var outcome = await AnalyzePipeline.RunAsync(store, parse.GetValue(global.Rules), runDir, parse.GetValue(run), env, token).ConfigureAwait(false);
            var analysis = outcome.Analysis;
            if (parse.GetValue(explain) is { } id)
            {
                var hypothesis = Find(analysis, id);
                await env.Out.WriteAsync(Explain(analysis, hypothesis)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(ToJson(analysis with { Hypotheses = analysis.Hypotheses.Take(topN).ToList() })).ConfigureAwait(false);
            }
            else
            {
                await env.Out.WriteAsync(Human(analysis, outcome, topN)).ConfigureAwait(false);
            }

            return outcome.Collected.Failures > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
        }, ct));
        return command;
    }

    internal static string ToJson(Analysis analysis)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SymptomJson.WriterOptions.Encoder, Indented = true }))
        {
            AnalysisJson.Write(writer, analysis);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Hypothesis Find(Analysis analysis, string id)
    {
        var byId = analysis.Hypotheses.FirstOrDefault(h => string.Equals(h.Id, id, StringComparison.OrdinalIgnoreCase));
        if (byId is not null)
        {
            return byId;
        }

        if (int.TryParse(id.TrimStart('#'), NumberStyles.None, Inv, out var rank) && analysis.Hypotheses.FirstOrDefault(h => h.Rank == rank) is { } byRank)
        {
            return byRank;
        }

        var known = analysis.Hypotheses.Count == 0 ? "there are none" : "known: " + string.Join(", ", analysis.Hypotheses.Select(h => h.Id));
        throw new TriageException($"no hypothesis '{id}' in run '{analysis.Run}' ({known})", ExitCodes.Usage);
    }

    private static string Human(Analysis analysis, AnalyzePipeline.Outcome outcome, int top)
    {
        var text = new StringBuilder();
        var collected = outcome.Collected;
        text.Append(string.Create(Inv,
            $"run '{S(analysis.Run)}': {collected.Files} files, {collected.SymptomsNew.ToString("N0", Inv)} new symptoms; {analysis.Symptoms.ToString("N0", Inv)} symptoms, {analysis.Roots.ToString("N0", Inv)} first failures, {Plural(analysis.Hypotheses.Count, "hypothesis", "hypotheses")}\n"));
        if (collected.Failures + collected.Skipped > 0)
        {
            text.Append(string.Create(Inv, $"{collected.Failures} files failed, {collected.Skipped} skipped (see 'triage status')\n"));
        }

        foreach (var problem in collected.Inputs.Problems)
        {
            text.Append("run metadata not used: ").Append(S(problem.Path)).Append(": ").Append(S(problem.Reason)).Append('\n');
        }

        foreach (var h in analysis.Hypotheses.Take(top))
        {
            text.Append('\n');
            text.Append(string.Create(Inv, $"#{h.Rank}  {h.Id}  score {h.Score:0.00}  {Names.Of(h.Category)}  votes +{h.Votes.Up} -{h.Votes.Down}\n"));
            text.Append("    ").Append(S(h.Title)).Append('\n');
            var fraction = h.Explains.Fraction.ToString("0%", Inv);
            text.Append(string.Create(Inv,
                $"    explains {h.Explains.Symptoms.ToString("N0", Inv)} symptoms ({fraction}; {h.Explains.RootSymptoms.ToString("N0", Inv)} first failures): {S(string.Join(", ", h.Explains.Kinds.Take(6)))}{(h.Explains.Kinds.Count > 6 ? ", ..." : string.Empty)}\n"));
            text.Append(string.Create(Inv,
                $"    on {Plural(h.Explains.Hosts, "host", "hosts")}, {Plural(h.Explains.Ranks, "rank", "ranks")}; first seen {Time(h.FirstSeen)}\n"));
            if (h.Factors.Count > 0)
            {
                text.Append("    factors: ").Append(S(string.Join(", ", h.Factors.Select(f => f.ToString())))).Append('\n');
            }
        }

        if (analysis.Hypotheses.Count > top)
        {
            text.Append(string.Create(Inv, $"\n({analysis.Hypotheses.Count - top} more; --top N shows them)\n"));
        }

        text.Append(string.Create(Inv, $"\nunexplained: {analysis.Unexplained.ToString("N0", Inv)} symptoms\n"));
        foreach (var note in analysis.Notes)
        {
            text.Append("note: ").Append(S(note)).Append('\n');
        }

        if (analysis.Hypotheses.Count > 0)
        {
            text.Append("Evidence for one: triage analyze RUN_DIR --explain ID (or --explain 1)\n");
        }

        return text.ToString();
    }

    internal static string Explain(Analysis analysis, Hypothesis h)
    {
        var text = new StringBuilder();
        text.Append(string.Create(Inv, $"#{h.Rank}  {h.Id}  score {h.Score:0.00}  {Names.Of(h.Category)}  votes +{h.Votes.Up} -{h.Votes.Down}\n"));
        text.Append(S(h.Title)).Append('\n');
        text.Append("factors: ").Append(h.Factors.Count == 0 ? "none (no concentrating factor)" : S(string.Join(", ", h.Factors.Select(f => f.ToString())))).Append('\n');
        text.Append(string.Create(Inv,
            $"explains {h.Explains.Symptoms.ToString("N0", Inv)} of {analysis.Symptoms.ToString("N0", Inv)} symptoms ({h.Explains.Fraction.ToString("0.#%", Inv)}), {h.Explains.RootSymptoms.ToString("N0", Inv)} of them first failures, the rest collateral; kinds: {S(string.Join(", ", h.Explains.Kinds))}; first seen {Time(h.FirstSeen)}\n"));
        Section(text, "Evidence", h.Evidence);
        Section(text, "Counter-evidence", h.CounterEvidence.Count == 0 ? ["none found"] : h.CounterEvidence);
        text.Append("\nSymptoms it explains (samples):\n");
        foreach (var s in h.Samples)
        {
            text.Append(string.Create(Inv,
                $"  {S(s.Path)}:{s.Line}  {(s.Role == AttributionRole.Root ? "root      " : "collateral")}  {s.Kind}{(s.Host is null ? string.Empty : " " + S(s.Host))}{(s.Rank is { } r ? " rank " + r.ToString(Inv) : string.Empty)}\n"));
            text.Append("      ").Append(S(s.Message, 160)).Append('\n');
        }

        text.Append("\nNext check: ").Append(S(h.NextCheck)).Append('\n');
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        text.Append('\n').Append(title).Append(":\n");
        foreach (var line in lines)
        {
            text.Append("  - ").Append(S(line)).Append('\n');
        }
    }

    private static string S(string? text, int max = 4096) => TerminalText.Sanitize(text, max);

    private static string Plural(int n, string one, string many) => string.Create(Inv, $"{n.ToString("N0", Inv)} {(n == 1 ? one : many)}");

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv) ?? "unknown";
}
