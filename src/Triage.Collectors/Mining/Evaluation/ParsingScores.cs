namespace Triage.Collectors.Mining.Evaluation;

/// <summary>Loghub-2.0 accuracy of one parse against ground truth (all in [0, 1]).</summary>
/// <param name="GroupingAccuracy">GA: share of messages whose parsed group has exactly the members of their true group.</param>
/// <param name="GroupingF1">FGA: F1 of PGA (correct groups / parsed groups) and RGA (correct groups / true groups).</param>
/// <param name="ParsingAccuracy">PA: share of messages whose template text equals the true one.</param>
/// <param name="TemplateF1">FTA: F1 of PTA and RTA over templates both correctly grouped and correctly written.</param>
/// <param name="TemplatePrecision">PTA.</param>
/// <param name="TemplateRecall">RTA.</param>
/// <param name="ParsedTemplates">Distinct parsed templates.</param>
/// <param name="TrueTemplates">Distinct true templates.</param>
public sealed record ParsingScores(
    double GroupingAccuracy,
    double GroupingF1,
    double ParsingAccuracy,
    double TemplateF1,
    double TemplatePrecision,
    double TemplateRecall,
    int ParsedTemplates,
    int TrueTemplates);
