using System.CommandLine;
using Microsoft.Extensions.Logging;
using Triage.Alerts.Delivery;
using Triage.Alerts.Rules;
using Triage.Rules;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage watch RUN_DIR...</c>: tail run directories, re-analyse when new symptoms arrive,
/// evaluate the alert rules and notify Alertmanager, webhooks and Slack (docs/architecture.md §9).
/// </summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var dirs = new Argument<string[]>("RUN_DIR") { Description = "Run directories to watch (each is one run)", Arity = ArgumentArity.OneOrMore };
        var run = new Option<string?>("--run") { Description = "Run name (one directory only; default: the directory's name)" };
        var alerts = new Option<string?>("--alerts") { Description = "Alert rule file (default: every file of RULES/alerts/)" };
        var interval = new Option<string>("--interval") { Description = "Time between passes (30s, 2m, ...)", DefaultValueFactory = _ => "30s" };
        var once = new Option<bool>("--once") { Description = "One pass, wait for the notifications to be sent, exit (cron, tests)" };
        var alertmanager = new Option<string[]>("--alertmanager") { Description = "Alertmanager base URL (POST /api/v2/alerts); repeatable", AllowMultipleArgumentsPerToken = false };
        var webhook = new Option<string[]>("--webhook") { Description = "Webhook URL receiving triage.alert/v1 JSON; repeatable" };
        var slack = new Option<string[]>("--slack") { Description = "Slack-compatible incoming-webhook URL; repeatable" };
        var logLevel = new Option<string>("--log-level") { Description = "Log level on stderr: debug, info, warn, error", DefaultValueFactory = _ => "info" };
        var command = new Command("watch", "Watch run directories and send alerts on symptom clusters and hypotheses (Alertmanager, webhook, Slack)")
        {
            dirs, run, alerts, interval, once, alertmanager, webhook, slack, logLevel,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            if (!Durations.TryParse(parse.GetValue(interval), out var every) || every < TimeSpan.FromSeconds(1))
            {
                throw new TriageException($"--interval '{parse.GetValue(interval)}' is not a duration of at least 1s (30s, 2m, 1h)", ExitCodes.Usage);
            }

            var directories = parse.GetValue(dirs)!.Select(env.Resolve).ToList();
            foreach (var dir in directories.Where(d => !Directory.Exists(d)))
            {
                throw new TriageException($"run directory '{dir}' does not exist", ExitCodes.Usage);
            }

            if (parse.GetValue(run) is not null && directories.Count > 1)
            {
                throw new TriageException("--run names one run; with several directories each is named after its directory", ExitCodes.Usage);
            }

            var settings = new WatchSettings
            {
                Directories = directories,
                Run = parse.GetValue(run),
                Interval = every,
                Once = parse.GetValue(once),
                Rules = parse.GetValue(global.Rules),
                Store = parse.GetValue(global.Store),
                Alerts = LoadAlertRules(parse.GetValue(alerts), parse.GetValue(global.Rules), env),
                LogLevel = Level(parse.GetValue(logLevel)!),
            };
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var destinations = new List<IAlertDestination>();
            destinations.AddRange((parse.GetValue(alertmanager) ?? []).Select(u => new AlertmanagerDestination(Url(u, "--alertmanager"), http)));
            destinations.AddRange((parse.GetValue(webhook) ?? []).Select(u => new WebhookDestination(Url(u, "--webhook"), http)));
            destinations.AddRange((parse.GetValue(slack) ?? []).Select(u => new SlackDestination(Url(u, "--slack"), http)));
            await using var store = await StoreLocation.OpenAsync(settings.Store, parse.GetValue(global.Insecure), env, token).ConfigureAwait(false);
            return await WatchSession.RunAsync(settings with { Destinations = destinations }, store, env, token).ConfigureAwait(false);
        }, ct));
        return command;
    }

    internal static AlertRuleSet LoadAlertRules(string? file, string? rulesOption, CliEnvironment env)
    {
        if (file is not null)
        {
            return AlertRuleSet.LoadFiles([env.Resolve(file)]);
        }

        var dir = Path.Combine(RulesLocation.Resolve(rulesOption, env), "alerts");
        if (!Directory.Exists(dir))
        {
            throw new RuleLoadException(dir, 0, 0, null, "no alert rules: the rules directory has no alerts/ folder; pass --alerts FILE");
        }

        return AlertRuleSet.LoadDirectory(dir);
    }

    private static Uri Url(string text, string option)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new TriageException($"{option} '{text}' is not an http(s) URL", ExitCodes.Usage);
        }

        if (url.UserInfo.Length > 0)
        {
            throw new TriageException($"{option}: credentials in the URL are not accepted", ExitCodes.Usage);
        }

        return url;
    }

    private static LogLevel Level(string text) => text.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new TriageException($"--log-level '{text}' is not debug, info, warn or error", ExitCodes.Usage),
    };
}
