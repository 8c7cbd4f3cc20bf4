using System.Globalization;
using System.Text;
using Triage.Alerts.Rules;
using Triage.Hypotheses;
using Triage.Symptoms;
using Triage.Text;

namespace Triage.Alerts.Evaluation;

/// <summary>
/// The labels and annotations of an alert. Labels identify it (alertname, run, severity, source,
/// the cluster key, spread, the rule's labels; a hypothesis alert also its hypothesis id and
/// category); annotations describe it (summary, the hypothesis that explains it with its title and
/// score, evidence, next check, the <c>triage analyze --explain</c> command, sample lines). A
/// cluster's hypothesis is an annotation, not a label: as an incident grows the engine's best
/// explanation can change, and the cluster must stay one alert (updated) rather than become another. Every log-derived string passes <see cref="TerminalText.Sanitize"/> (a Slack
/// message or a terminal shows no escape sequences from a log).
/// </summary>
internal static class AlertText
{
    /// <summary>The <c>hypothesis</c> label when no hypothesis explains the cluster.</summary>
    public const string NoHypothesis = "none";

    public static AlertCandidate ForHypothesis(AlertRule rule, string run, Hypothesis h, string explainCommand)
    {
        var labels = Base(rule, run);
        labels[AlertLabels.Hypothesis] = h.Id;
        labels["category"] = Names.Of(h.Category);
        var annotations = Describe(h, explainCommand);
        annotations["summary"] = Fill(rule.Summary.Length > 0 ? rule.Summary : "Top hypothesis: {hypothesis}", h.Explains.Symptoms, h.Explains.Hosts, h.Explains.Ranks, h.Id, h);
        annotations["description"] = string.Create(CultureInfo.InvariantCulture,
            $"#{h.Rank} {h.Id} score {h.Score:0.00} ({Names.Of(h.Category)}): explains {AlertEvaluator.Count(h.Explains.Symptoms)} symptoms ({AlertEvaluator.Count(h.Explains.RootSymptoms)} first failures) on {h.Explains.Hosts} hosts, {h.Explains.Ranks} ranks");
        return new AlertCandidate(labels, annotations, h.Explains.Symptoms, TimeSpan.Zero, ResolveWhenAbsent: true);
    }

    public static AlertCandidate ForCluster(AlertRule rule, string run, Cluster cluster, Hypothesis? h, string explainCommand)
    {
        var labels = Base(rule, run);
        foreach (var (field, value) in cluster.Key)
        {
            labels[ClusterFinder.LabelOf(field)] = Clean(value, 200);
        }

        var match = rule.Symptoms!;
        if (match.GroupBy.Contains("host"))
        {
            labels[AlertLabels.Spread] = "one_host";
        }
        else if (match.MinHosts >= 2)
        {
            labels[AlertLabels.Spread] = "hosts";
        }

        var annotations = h is null ? new Dictionary<string, string>(StringComparer.Ordinal) : Describe(h, explainCommand);
        annotations[AlertLabels.Hypothesis] = h?.Id ?? NoHypothesis;
        annotations["summary"] = Fill(rule.Summary.Length > 0 ? rule.Summary : "{count} symptoms ({key}) on {hosts} hosts", cluster.WindowCount, cluster.WindowHosts, cluster.WindowRanks, cluster.KeyText, h);
        var first = cluster.Members.Min(m => m.Timestamp);
        var last = cluster.Members.Max(m => m.Timestamp);
        annotations["description"] = string.Create(CultureInfo.InvariantCulture,
            $"{AlertEvaluator.Count(cluster.Members.Count)} first-failure symptoms ({Clean(cluster.KeyText, 300)}); within {Durations.Format(match.Window)}: {cluster.WindowCount} on {Plural(cluster.WindowHosts, "host")}, {Plural(cluster.WindowRanks, "rank")}; from {Time(first)} to {Time(last)}");
        var samples = new StringBuilder();
        foreach (var s in cluster.Members.OrderBy(m => m.Timestamp).Take(3))
        {
            samples.Append(Clean(s.Source.Path, 200)).Append(':').Append(s.Source.Line.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(s.Kind).Append(s.Host is null ? string.Empty : " " + Clean(s.Host, 100)).Append(": ").Append(Clean(s.Message, 240)).Append('\n');
        }

        annotations["samples"] = samples.ToString().TrimEnd('\n');
        return new AlertCandidate(labels, annotations, cluster.Members.Count, rule.ResolveAfter, ResolveWhenAbsent: false);
    }

    private static Dictionary<string, string> Base(AlertRule rule, string run)
    {
        var labels = new Dictionary<string, string>(rule.Labels, StringComparer.Ordinal)
        {
            [AlertLabels.AlertName] = rule.Name,
            [AlertLabels.Run] = run,
            [AlertLabels.Severity] = rule.Severity,
            [AlertLabels.Source] = "triage",
        };
        return labels;
    }

    private static Dictionary<string, string> Describe(Hypothesis h, string explainCommand) => new(StringComparer.Ordinal)
    {
        ["hypothesis_title"] = Clean(h.Title, 500),
        ["hypothesis_score"] = h.Score.ToString("0.00", CultureInfo.InvariantCulture),
        ["evidence"] = string.Join("\n", h.Evidence.Take(3).Select(e => Clean(e, 500))),
        ["next_check"] = Clean(h.NextCheck, 500),
        ["explain"] = explainCommand.Replace("{id}", h.Id, StringComparison.Ordinal),
    };

    private static string Fill(string template, long count, int hosts, int ranks, string key, Hypothesis? h) =>
        Clean(template
            .Replace("{count}", AlertEvaluator.Count(count), StringComparison.Ordinal)
            .Replace("{hosts}", hosts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{ranks}", ranks.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{key}", key, StringComparison.Ordinal)
            .Replace("{hypothesis}", h?.Title ?? "no hypothesis yet", StringComparison.Ordinal), 600);

    private static string Plural(int n, string one) => string.Create(CultureInfo.InvariantCulture, $"{n} {one}{(n == 1 ? string.Empty : "s")}");

    private static string Clean(string text, int max) => TerminalText.Sanitize(text, max);

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown";
}
