using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Triage.Alerts;
using Triage.Alerts.Rules;
using Triage.Alerts.Tracking;
using Triage.Storage;
using Triage.Text;

namespace Triage.Cli.Commands;

/// <summary><c>triage silence add|list|expire</c>: silences of <c>triage watch</c>'s notifications, kept in the store.</summary>
internal static class SilenceCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var command = new Command("silence", "Silence triage watch's alerts by label matchers (stored; watch sends nothing that a silence covers)");
        command.Subcommands.Add(Add(global, env));
        command.Subcommands.Add(List(global, env));
        command.Subcommands.Add(Expire(global, env));
        return command;
    }

    private static Command Add(GlobalOptions global, CliEnvironment env)
    {
        var matchers = new Argument<string[]>("MATCHER") { Description = "Label matchers, all of which must match: name=value, name!=value, name=~regex, name!~regex", Arity = ArgumentArity.OneOrMore };
        var duration = new Option<string>("--duration") { Description = "How long (30m, 2h, 1d)", DefaultValueFactory = _ => "2h" };
        var comment = new Option<string>("--comment") { Description = "Why", DefaultValueFactory = _ => string.Empty };
        var author = new Option<string?>("--author") { Description = "Who (default: $USER)" };
        var add = new Command("add", "Add a silence") { matchers, duration, comment, author };
        add.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var texts = parse.GetValue(matchers)!;
            var parsed = texts.Select(SilenceMatcher.Parse).ToList();
            if (parsed.All(m => !m.IsEqual || (m.IsRegex && m.Matches(new Dictionary<string, string>()))))
            {
                throw new TriageException("a silence needs at least one matcher that does not match everything (an = or =~ that excludes an empty value)", ExitCodes.Usage);
            }

            if (!Durations.TryParse(parse.GetValue(duration), out var length))
            {
                throw new TriageException($"--duration '{parse.GetValue(duration)}' is not a duration (30m, 2h, 1d)", ExitCodes.Usage);
            }

            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var state = StateOf(store, parse.GetValue(global.Store), env);
            var now = env.Time.GetUtcNow();
            var silence = new Silence(
                "s-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
                parsed.Select(m => m.ToString()).ToList(),
                now,
                now + length,
                parse.GetValue(author) ?? env.GetVariable("USER") ?? "unknown",
                parse.GetValue(comment) ?? string.Empty);
            await state.AddSilenceAsync(silence, token).ConfigureAwait(false);
            await env.Out.WriteLineAsync($"{silence.Id} silences {S(string.Join(" ", silence.Matchers))} until {Time(silence.EndsAt)}").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return add;
    }

    private static Command List(GlobalOptions global, CliEnvironment env)
    {
        var all = new Option<bool>("--all") { Description = "Also expired silences" };
        var list = new Command("list", "List active silences") { all };
        list.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var now = env.Time.GetUtcNow();
            var silences = (await StateOf(store, parse.GetValue(global.Store), env).GetSilencesAsync(token).ConfigureAwait(false))
                .Where(s => parse.GetValue(all) || s.EndsAt > now).ToList();
            if (silences.Count == 0)
            {
                await env.Out.WriteLineAsync("no silences").ConfigureAwait(false);
            }

            foreach (var s in silences)
            {
                var state = s.EndsAt <= now ? "expired" : s.StartsAt > now ? "pending" : "active";
                await env.Out.WriteLineAsync(
                    $"{s.Id}  {state,-7}  {Time(s.StartsAt)} .. {Time(s.EndsAt)}  {S(string.Join(" ", s.Matchers))}  by {S(s.CreatedBy)}{(s.Comment.Length > 0 ? ": " + S(s.Comment) : string.Empty)}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, ct));
        return list;
    }

    private static Command Expire(GlobalOptions global, CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The silence's id (s-...)" };
        var expire = new Command("expire", "End a silence now") { id };
        expire.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            await using var store = await StoreLocation.OpenAsync(parse.GetValue(global.Store), parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            var silenceId = parse.GetValue(id)!;
            if (!await StateOf(store, parse.GetValue(global.Store), env).ExpireSilenceAsync(silenceId, env.Time.GetUtcNow(), token).ConfigureAwait(false))
            {
                throw new TriageException($"no silence '{S(silenceId)}' (see 'triage silence list --all')", ExitCodes.Usage);
            }

            await env.Out.WriteLineAsync($"{S(silenceId)} expired").ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return expire;
    }

    private static IAlertState StateOf(ISymptomStore store, string? option, CliEnvironment env) =>
        store as IAlertState ?? throw new TriageException(
            $"the store '{StoreLocation.Describe(option, env)}' keeps no alert state (the Elasticsearch store does not implement it yet): silences need the embedded store (--store sqlite:PATH)",
            ExitCodes.StoreError);

    private static string S(string text) => TerminalText.Sanitize(text, 500);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv);
}
