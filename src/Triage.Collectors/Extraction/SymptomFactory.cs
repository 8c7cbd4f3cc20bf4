using System.Globalization;
using Triage.Rules;
using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// Turns a rule match into a symptom: identity from the source and position, who from the line's
/// prefixes, else from the rule's named groups (<c>host, rank, local_rank, gpu, pid</c>), else from the path.
/// An <c>srun --label</c> task id is the global rank only while srun launches the ranks themselves:
/// once the file shows a per-node launcher under srun (torchrun's <c>[defaultN]:</c> local-rank prefix
/// behind the label, or torchrun's own report), the label is the node's task index and the rank is
/// left unknown unless the launcher stated it (<see cref="LaunchFacts.GlobalRank"/>: torchelastic's
/// rendezvous table or DeepSpeed's <c>global_rank_mapping</c>); otherwise the engine fills it from the NCCL
/// placement of host and local rank. A torchelastic log dir gives the local rank and the restart attempt
/// (attr <c>attempt</c>), never the global rank. Not thread-safe: one per source.
/// </summary>
internal sealed class SymptomFactory
{
    private readonly SourceIdentity _source;
    private readonly string? _pathHost;
    private readonly int? _pathRank;
    private readonly int? _pathLocalRank;
    private readonly string? _pathAttempt;
    private readonly LaunchFacts _launch;
    private bool _labelIsNodeTask;

    public SymptomFactory(SourceIdentity source, LaunchFacts? launch = null)
    {
        _source = source;
        var path = Lines.PathFacts.Parse(source.Path);
        (_pathHost, _pathRank) = path;
        _pathLocalRank = path.LocalRank;
        _pathAttempt = path.Attempt?.ToString(CultureInfo.InvariantCulture);
        _pathHost = source.Host ?? _pathHost;
        _launch = launch ?? new LaunchFacts();
        _labelIsNodeTask = _pathLocalRank is not null;
    }

    /// <summary>Who wrote a line: host, global rank and local rank, from the line, the rule's groups, the path and the launcher's statements.</summary>
    private (string? Host, int? Rank, int? LocalRank) Who(Lines.LineInfo info, IReadOnlyDictionary<string, string>? attrs, string? ruleId)
    {
        var host = info.Host ?? (attrs is null ? null : Attr(attrs, "host")) ?? _pathHost;
        var local = info.LocalRank ?? (attrs is null ? null : IntAttr(attrs, "local_rank")) ?? _pathLocalRank;
        var rank = info.Rank ?? (attrs is null ? null : IntAttr(attrs, "rank")) ?? _pathRank
            ?? _launch.GlobalRank(info, local, info.Host ?? _pathHost) ?? LabelRank(info, ruleId);
        return (host, rank, local);
    }

    private IReadOnlyDictionary<string, string> WithAttempt(IReadOnlyDictionary<string, string> attrs)
    {
        if (_pathAttempt is null || attrs.ContainsKey("attempt"))
        {
            return attrs;
        }

        return new Dictionary<string, string>(attrs, StringComparer.Ordinal) { ["attempt"] = _pathAttempt };
    }

    /// <summary>
    /// A fact the launcher or a library stated (<see cref="LaunchFacts"/>): <c>meta.version</c>,
    /// <c>meta.attempt</c>; who and when as for any symptom of the line.
    /// </summary>
    public Symptom CreateFact(LineContext line, string kind, string ruleId, (string Key, string Value)[] attrs)
    {
        var info = line.Info;
        var (host, rank, local) = Who(info, null, ruleId);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attrs)
        {
            values[key] = value;
        }

        if (_pathAttempt is not null)
        {
            values.TryAdd("attempt", _pathAttempt);
        }

        return new Symptom
        {
            Id = SymptomId.Create(_source.Run, _source.SourceId, line.Offset, ruleId),
            Timestamp = line.Timestamp,
            TimeInferred = line.TimeInferred,
            Run = _source.Run,
            Host = host,
            Rank = rank,
            LocalRank = local,
            Gpu = null, // a device index here would be taken for the rank's GPU; placements say that
            Pid = info.Pid,
            Kind = kind,
            Category = SymptomCategory.Unknown,
            Severity = Severity.Info,
            Signature = ruleId,
            Message = string.Join(' ', attrs.Select(a => a.Key + "=" + a.Value)),
            Source = new SymptomSource(_source.Path, line.Line, line.Offset),
            Rule = ruleId,
            Attrs = values,
        };
    }

    /// <summary>The srun task label as a global rank, unless the file shows it numbers nodes, not ranks.</summary>
    private int? LabelRank(Lines.LineInfo info, string? ruleId)
    {
        if (info.TaskLabel is null)
        {
            return null;
        }

        if (info.LocalRank is not null || _launch.SawNodeLauncher || (ruleId?.StartsWith("torchrun.", StringComparison.Ordinal) ?? false))
        {
            _labelIsNodeTask = true;
        }

        return _labelIsNodeTask ? null : info.TaskLabel;
    }

    public Symptom Create(RuleMatch<LineContext> match)
    {
        var start = match.Start;
        var info = start.Info;
        var attrs = WithAttempt(match.Attrs);
        if (start.Truncated && !attrs.ContainsKey("truncated"))
        {
            attrs = new Dictionary<string, string>(attrs, StringComparer.Ordinal) { ["truncated"] = "true" };
        }

        var (host, rank, local) = Who(info, attrs, match.Rule.Id);

        return new Symptom
        {
            Id = SymptomId.Create(_source.Run, _source.SourceId, match.StartOffset, match.Rule.Id),
            Timestamp = start.Timestamp,
            TimeInferred = start.TimeInferred,
            Run = _source.Run,
            Host = host,
            Rank = rank,
            LocalRank = local,
            Gpu = info.Gpu ?? IntAttr(attrs, "gpu"),
            Pid = info.Pid ?? IntAttr(attrs, "pid"),
            Kind = match.Rule.Kind,
            Category = match.Category,
            Severity = match.Severity,
            Signature = match.Signature,
            Message = match.Message,
            Source = new SymptomSource(_source.Path, start.Line, match.StartOffset),
            Rule = match.Rule.Id,
            Attrs = attrs,
        };
    }

    /// <summary>
    /// A warning or error line no rule matched, as a <c>log.unknown</c> symptom whose signature is
    /// the stable id of its mined template (attr <c>template</c> holds the text).
    /// </summary>
    public Symptom CreateUnknown(LineContext line, string message, Mining.MinedTemplate template, Severity severity)
    {
        var info = line.Info;
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal) { ["template"] = template.Text };
        if (line.Truncated)
        {
            attrs["truncated"] = "true";
        }

        if (_pathAttempt is not null)
        {
            attrs["attempt"] = _pathAttempt;
        }

        var (host, rank, local) = Who(info, null, null);

        return new Symptom
        {
            Id = SymptomId.Create(_source.Run, _source.SourceId, line.Offset, UnknownRule),
            Timestamp = line.Timestamp,
            TimeInferred = line.TimeInferred,
            Run = _source.Run,
            Host = host,
            Rank = rank,
            LocalRank = local,
            Gpu = info.Gpu,
            Pid = info.Pid,
            Kind = UnknownKind,
            Category = SymptomCategory.Unknown,
            Severity = severity,
            Signature = template.Id,
            Message = message.Length <= MaxUnknownMessage ? message : message[..MaxUnknownMessage],
            Source = new SymptomSource(_source.Path, line.Line, line.Offset),
            Rule = UnknownRule,
            Attrs = attrs,
        };
    }

    /// <summary>Rule id recorded on <c>log.unknown</c> symptoms (no rule made them).</summary>
    public const string UnknownRule = "miner.unknown";

    private const string UnknownKind = "log.unknown";
    private const int MaxUnknownMessage = 512;

    private static string? Attr(IReadOnlyDictionary<string, string> attrs, string key) =>
        attrs.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private static int? IntAttr(IReadOnlyDictionary<string, string> attrs, string key) =>
        attrs.TryGetValue(key, out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
