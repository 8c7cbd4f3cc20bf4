namespace Triage.Reports;

/// <summary>The formats <c>triage report</c> writes.</summary>
public enum ReportFormatKind
{
    /// <summary>GitHub-flavoured Markdown; plots as SVG files beside it.</summary>
    Markdown,

    /// <summary>One self-contained HTML file with inline CSS and SVG.</summary>
    Html,

    /// <summary>The <c>triage.report/v1</c> JSON contract.</summary>
    Json,
}
