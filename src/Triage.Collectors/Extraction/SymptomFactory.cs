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
/// left unknown (the engine fills it from the NCCL placement of host and local rank). Not thread-safe:
/// one per source.
/// </summary>
internal sealed class SymptomFactory
{
    private readonly SourceIdentity _source;
    private readonly string? _pathHost;
    private readonly int? _pathRank;
    private bool _labelIsNodeTask;

    public SymptomFactory(SourceIdentity source)
    {
        _source = source;
        (_pathHost, _pathRank) = Lines.PathFacts.Parse(source.Path);
        _pathHost = source.Host ?? _pathHost;
    }

    /// <summary>The srun task label as a global rank, unless the file shows it numbers nodes, not ranks.</summary>
    private int? LabelRank(Lines.LineInfo info, string? ruleId)
    {
        if (info.TaskLabel is null)
        {
            return null;
        }

        if (info.LocalRank is not null || (ruleId?.StartsWith("torchrun.", StringComparison.Ordinal) ?? false))
        {
            _labelIsNodeTask = true;
        }

        return _labelIsNodeTask ? null : info.TaskLabel;
    }

    public Symptom Create(RuleMatch<LineContext> match)
    {
        var start = match.Start;
        var info = start.Info;
        var attrs = match.Attrs;
        if (start.Truncated && !attrs.ContainsKey("truncated"))
        {
            attrs = new Dictionary<string, string>(attrs, StringComparer.Ordinal) { ["truncated"] = "true" };
        }

        return new Symptom
        {
            Id = SymptomId.Create(_source.Run, _source.SourceId, match.StartOffset, match.Rule.Id),
            Timestamp = start.Timestamp,
            TimeInferred = start.TimeInferred,
            Run = _source.Run,
            Host = info.Host ?? Attr(attrs, "host") ?? _pathHost,
            Rank = info.Rank ?? IntAttr(attrs, "rank") ?? _pathRank ?? LabelRank(info, match.Rule.Id),
            LocalRank = info.LocalRank ?? IntAttr(attrs, "local_rank"),
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

        return new Symptom
        {
            Id = SymptomId.Create(_source.Run, _source.SourceId, line.Offset, UnknownRule),
            Timestamp = line.Timestamp,
            TimeInferred = line.TimeInferred,
            Run = _source.Run,
            Host = info.Host ?? _pathHost,
            Rank = info.Rank ?? _pathRank ?? LabelRank(info, null),
            LocalRank = info.LocalRank,
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
