using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Triage.Dumps;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Cli.Commands;

/// <summary><c>triage dump FILE [--json]</c>: what one crash dump says (signal, crashing thread, stack, modules, signature).</summary>
internal static class DumpCommand
{
    private const int ModulesShown = 12;

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var file = new Argument<string>("FILE") { Description = "An ELF core (kernel, gdb, gcore, .NET createdump) or a minidump" };
        var json = new Option<bool>("--json") { Description = "Print the triage.dump/v1 JSON object" };
        var symbols = new Option<string[]>("--symbols") { Description = "Directories to look for module files in (after the paths the dump names)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("dump", "Read a crash dump: fatal signal, crashing thread, symbolised stack, modules, crash signature") { file, json, symbols };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var options = DumpOptionsFor(parse.GetValue(global.Rules), parse.GetValue(symbols), env);
            var report = DumpReader.Read(env.Resolve(parse.GetValue(file)!), options);
            if (parse.GetValue(json))
            {
                await env.Out.WriteLineAsync(ToJson(report)).ConfigureAwait(false);
            }
            else
            {
                await WriteTextAsync(env.Out, report).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>Options with the signature skip list from the rules directory (<c>dumps/signatures.yaml</c>) and the given symbol paths.</summary>
    internal static DumpOptions DumpOptionsFor(string? rulesOption, string[]? symbolPaths, CliEnvironment env)
    {
        var file = Path.Combine(RulesLocation.Resolve(rulesOption, env), "dumps", "signatures.yaml");
        return DumpOptions.Default with
        {
            Signatures = File.Exists(file) ? Triage.Dumps.Signatures.SignatureRules.Load(file) : null,
            SymbolPaths = [.. (symbolPaths ?? []).Select(env.Resolve)],
        };
    }

    internal static string ToJson(DumpReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, SymptomJson.WriterOptions))
        {
            DumpJson.Write(writer, report);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task WriteTextAsync(TextWriter o, DumpReport r)
    {
        static string S(string? s) => TerminalText.Sanitize(s ?? "-", 200);
        await o.WriteLineAsync($"dump:       {S(r.Path)} ({r.Format}, {r.Machine})").ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"process:    pid {r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"}  {S(r.Executable)}  [{S(r.CommandLine)}]")).ConfigureAwait(false);
        if (r.Host is not null || r.Rank is not null)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"who:        host {S(r.Host)}  rank {r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-"}  local rank {r.LocalRank?.ToString(CultureInfo.InvariantCulture) ?? "-"}")).ConfigureAwait(false);
        }

        var crash = r.Crash is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"{c.SignalName}{(c.CodeName ?? (c.Code is { } code ? $" code {code}" : null)) switch { null => "", var n => " (" + n + ")" }}{(c.FaultAddress is { } a ? " at " + DumpJson.Hex(a) : "")}, thread {c.ThreadId}")
            : "none (a snapshot: no fatal signal; gcore leaves SIGSTOP on every thread)";
        await o.WriteLineAsync($"crash:      {crash}").ConfigureAwait(false);
        if (r.Managed is { } m)
        {
            await o.WriteLineAsync($".NET:       {S(m.RuntimeVersion)}  {S(m.ExceptionType)}: {S(m.ExceptionMessage)}").ConfigureAwait(false);
        }

        await o.WriteLineAsync($"signature:  {S(r.Signature)}").ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"threads:    {r.ThreadCount}   modules: {r.Modules.Count}")).ConfigureAwait(false);
        await o.WriteLineAsync().ConfigureAwait(false);
        await o.WriteLineAsync(r.Crash is null ? "stack of the first thread:" : "stack of the crashing thread:").ConfigureAwait(false);
        foreach (var f in r.Stack)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  #{f.Index,-2} {DumpJson.Hex(f.Address),-18} {S(f.ToString())}  ({f.Trust})")).ConfigureAwait(false);
        }

        if (r.Managed is { Stack.Count: > 0 } managed)
        {
            await o.WriteLineAsync().ConfigureAwait(false);
            await o.WriteLineAsync("managed stack:").ConfigureAwait(false);
            foreach (var f in managed.Stack)
            {
                await o.WriteLineAsync($"  {S(f)}").ConfigureAwait(false);
            }
        }

        await o.WriteLineAsync().ConfigureAwait(false);
        await o.WriteLineAsync("modules:").ConfigureAwait(false);
        foreach (var mod in r.Modules.Take(ModulesShown))
        {
            await o.WriteLineAsync($"  {DumpJson.Hex(mod.Base),-18} {S(mod.Name),-32} {S(mod.Version ?? ""),-10} {S(mod.BuildId)}{(mod.SymbolFile is null ? "  (no symbols)" : "")}").ConfigureAwait(false);
        }

        if (r.Modules.Count > ModulesShown)
        {
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ... {r.Modules.Count - ModulesShown} more (--json lists all)")).ConfigureAwait(false);
        }

        foreach (var w in r.Warnings)
        {
            await o.WriteLineAsync($"warning: {S(w)}").ConfigureAwait(false);
        }
    }
}
