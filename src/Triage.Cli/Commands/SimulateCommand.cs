using System.CommandLine;
using System.Globalization;
using Triage.Simulator;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage simulate SCENARIO[,SCENARIO...] --out DIR</c>: write a realistic run directory with an
/// injected fault, and its ground truth at <c>DIR.truth.json</c>.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        _ = global;
        var scenarios = new Argument<string>("SCENARIO") { Description = "Scenario(s), comma-separated: " + string.Join(", ", RunSimulator.ScenarioNames), Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--out", "-o") { Description = "Run directory to write (its name is the run name); the truth goes to DIR.truth.json beside it (required)" };
        var style = new Option<string>("--style") { Description = "Style pack: launcher, file layout, metadata shape, torch/NCCL vintage, clock skew, host names (default 'default'); '--style list' lists them with their sources" };
        var ranks = new Option<string>("--ranks") { Description = "World size, a multiple of --gpus-per-host (default 64)" };
        var gpus = new Option<string>("--gpus-per-host") { Description = "GPUs (ranks) per host, 1-16 (default 8)" };
        var seed = new Option<string>("--seed") { Description = "Random seed; the same arguments give byte-identical files (default 1)" };
        var hours = new Option<string>("--hours") { Description = "Simulated job length in hours (default 4)" };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty output directory" };
        var command = new Command("simulate", "Generate a realistic incident (run directory + ground truth) to develop and measure the engine on")
        {
            scenarios, output, ranks, gpus, seed, hours, style, force,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var styleName = parse.GetValue(style) ?? "default";
            if (styleName == "list")
            {
                foreach (var s in RunSimulator.Styles)
                {
                    await env.Out.WriteLineAsync(s.Name + "  " + s.Summary).ConfigureAwait(false);
                    foreach (var source in s.Sources)
                    {
                        await env.Out.WriteLineAsync("    source: " + source).ConfigureAwait(false);
                    }
                }

                return ExitCodes.Success;
            }

            var scenario = parse.GetValue(scenarios) ?? throw new TriageException("no scenario given; expected one or more of " + string.Join(", ", RunSimulator.ScenarioNames), ExitCodes.Usage);
            var outDir = parse.GetValue(output) ?? throw new TriageException("--out is required", ExitCodes.Usage);
            var options = new SimulationOptions
            {
                Scenarios = scenario.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                OutputDirectory = env.Resolve(outDir),
                Style = styleName,
                Ranks = Int(parse.GetValue(ranks), "--ranks", 64),
                GpusPerHost = Int(parse.GetValue(gpus), "--gpus-per-host", 8),
                Seed = Int(parse.GetValue(seed), "--seed", 1),
                Hours = Hours(parse.GetValue(hours)),
                Force = parse.GetValue(force),
            };
            var result = await Task.Run(() => RunSimulator.Simulate(options, token), token).ConfigureAwait(false);
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {result.RunDirectory}: {result.Files} files, {CollectCommand.Bytes(result.Bytes)}; truth {result.TruthPath}: {result.Symptoms} symptom lines, {result.Noise} noise lines")).ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static int Int(string? text, string name, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new TriageException($"{name} must be a whole number (got '{text}')", ExitCodes.Usage);
    }

    private static double Hours(string? text)
    {
        if (text is null)
        {
            return 4;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && double.IsFinite(h)
            ? h
            : throw new TriageException($"--hours must be a number (got '{text}')", ExitCodes.Usage);
    }
}
