namespace Triage.Reports.Rendering;

/// <summary>The report's inline style sheet: readable on screen and printed (no backgrounds needed, no page breaks inside plots and tables rows).</summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root { --ink: #1d2330; --dim: #5d6677; --line: #d9dde5; --ok: #1a7f37; --warn: #b35900; --bad: #c62828; --bg: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; background: #fff; }
        main { max-width: 1040px; margin: 0 auto; padding: 28px 32px 64px; }
        header { border-bottom: 2px solid var(--ink); padding-bottom: 18px; margin-bottom: 8px; }
        .kicker { margin: 0; text-transform: uppercase; letter-spacing: .12em; color: var(--dim); font-size: 12px; font-weight: bold; }
        h1 { margin: 2px 0 4px; font-size: 30px; }
        h2 { margin: 34px 0 10px; font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { margin: 20px 0 6px; font-size: 16px; }
        h4 { margin: 10px 0 4px; font-size: 14px; color: var(--dim); }
        .meta, .dim { color: var(--dim); }
        .meta { margin: 0 0 14px; font-size: 13px; }
        .verdict { border-left: 6px solid var(--warn); background: var(--bg); padding: 10px 16px; margin: 10px 0 14px; }
        .verdict.confirmed { border-left-color: var(--ok); }
        .verdict .label { margin: 0; font-size: 12px; font-weight: bold; text-transform: uppercase; letter-spacing: .06em; color: var(--dim); }
        .verdict.confirmed .label { color: var(--ok); }
        .verdict .cause { margin: 4px 0; font-size: 19px; font-weight: bold; }
        .verdict .factor { margin: 0; }
        .facts { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin: 0; }
        .facts div { border: 1px solid var(--line); padding: 6px 10px; }
        .facts dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--dim); }
        .facts dd { margin: 0; font-weight: bold; }
        .belief { margin: 12px 0 0; padding: 8px 12px; border: 1px dashed var(--line); }
        code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12.5px; }
        code { background: var(--bg); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
        pre { background: var(--bg); padding: 6px 8px; margin: 4px 0 8px; white-space: pre-wrap; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13.5px; }
        th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
        thead th { border-bottom: 2px solid var(--ink); }
        table.kv th { width: 36%; font-weight: normal; color: var(--dim); }
        td.t { white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.n { text-align: right; }
        tr.confirmed td { background: #e8f5e9; }
        tr.favoured td { background: #fff4e5; }
        tr.k-first-failure td:nth-child(2) { color: var(--bad); font-weight: bold; }
        tr.k-start td:nth-child(2), tr.k-version-change td:nth-child(2) { color: var(--warn); font-weight: bold; }
        tr.k-decision td:nth-child(2) { color: var(--ok); font-weight: bold; }
        .where { display: block; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        .two ul { padding-left: 18px; }
        figure.plot { margin: 14px 0; }
        figure.plot svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
        figcaption { font-size: 12.5px; color: var(--dim); }
        article.hyp { border-left: 4px solid var(--line); padding-left: 14px; margin: 16px 0; }
        article.s-rejected { border-left-color: var(--bad); }
        article.s-open { border-left-color: var(--warn); }
        .status { font-weight: bold; }
        .note { font-style: italic; }
        ul.todo { list-style: none; padding-left: 4px; }
        ul.raw { list-style: none; padding-left: 0; }
        @media print {
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; }
          figure, tr, article, .verdict { break-inside: avoid; }
          .facts { grid-template-columns: repeat(3, 1fr); }
          .verdict, code, pre, tr.confirmed td, tr.favoured td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        @media (max-width: 760px) { .facts { grid-template-columns: repeat(2, 1fr); } .two { grid-template-columns: 1fr; } }

        """;
}
