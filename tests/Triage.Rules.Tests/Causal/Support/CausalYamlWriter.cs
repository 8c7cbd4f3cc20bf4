using System.Globalization;
using System.Text;
using Triage.Rules.Causal;
using Triage.Symptoms;

namespace Triage.Rules.Tests.Causal.Support;

/// <summary>Writes causal rule models as a rule file (block style, every string double-quoted), for round trips.</summary>
internal static class CausalYamlWriter
{
    public static string Write(IEnumerable<CausalRule> rules, bool omitDefaultBefore = true)
    {
        var text = new StringBuilder("schemaVersion: 1\nfamily: causal\nrules:\n");
        foreach (var rule in rules)
        {
            text.Append("  - id: ").Append(Quote(rule.Id)).Append('\n');
            text.Append("    description: ").Append(Quote(rule.Description)).Append('\n');
            WriteMatch(text, "cause", rule.Cause);
            WriteMatch(text, "effect", rule.Effect);
            text.Append("    scope: ").Append(Names.Of(rule.Scope)).Append('\n');
            text.Append("    window:\n");
            if (!omitDefaultBefore || rule.Before != CausalLimits.DefaultBefore)
            {
                text.Append("      before: ").Append(Duration.Format(rule.Before)).Append('\n');
            }

            text.Append("      after: ").Append(Duration.Format(rule.After)).Append('\n');
            text.Append("    tests:\n");
            foreach (var test in rule.Tests)
            {
                text.Append("      - explains: ").Append(test.Explains ? "true" : "false").Append('\n');
                WriteSymptom(text, "cause", test.Cause);
                WriteSymptom(text, "effect", test.Effect);
            }
        }

        return text.ToString();
    }

    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                default:
                    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029' || c == '\uFEFF')
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    private static void WriteMatch(StringBuilder text, string side, CausalMatch match)
    {
        text.Append("    ").Append(side).Append(":\n");
        if (match.Kinds.Count == 0 && match.Categories.Count == 0 && match.MinSeverity is null && match.Attrs.Count == 0)
        {
            text.Length--;
            text.Append(" {}\n");
            return;
        }

        if (match.Kinds.Count > 0)
        {
            text.Append("      kinds: [").AppendJoin(", ", match.Kinds.Select(Quote)).Append("]\n");
        }

        if (match.Categories.Count > 0)
        {
            text.Append("      categories: [").AppendJoin(", ", match.Categories.Select(c => Names.Of(c))).Append("]\n");
        }

        if (match.MinSeverity is { } severity)
        {
            text.Append("      minSeverity: ").Append(Names.Of(severity)).Append('\n');
        }

        if (match.Attrs.Count > 0)
        {
            text.Append("      attrs:\n");
            foreach (var (key, value) in match.Attrs)
            {
                text.Append("        ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
            }
        }
    }

    private static void WriteSymptom(StringBuilder text, string side, Symptom symptom)
    {
        text.Append("        ").Append(side).Append(":\n");
        const string Indent = "          ";
        text.Append(Indent).Append("kind: ").Append(symptom.Kind).Append('\n');
        text.Append(Indent).Append("run: ").Append(Quote(symptom.Run)).Append('\n');
        if (symptom.Timestamp is { } time)
        {
            text.Append(Indent).Append("time: \"")
                .Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append("\"\n");
        }

        if (symptom.Host is not null)
        {
            text.Append(Indent).Append("host: ").Append(Quote(symptom.Host)).Append('\n');
        }

        AppendInt(text, Indent, "rank", symptom.Rank);
        AppendInt(text, Indent, "gpu", symptom.Gpu);
        AppendInt(text, Indent, "pid", symptom.Pid);
        text.Append(Indent).Append("severity: ").Append(Names.Of(symptom.Severity)).Append('\n');
        text.Append(Indent).Append("category: ").Append(Names.Of(symptom.Category)).Append('\n');
        if (symptom.Attrs.Count > 0)
        {
            text.Append(Indent).Append("attrs: { ")
                .AppendJoin(", ", symptom.Attrs.Select(a => a.Key + ": " + Quote(a.Value))).Append(" }\n");
        }
    }

    private static void AppendInt(StringBuilder text, string indent, string key, int? value)
    {
        if (value is { } v)
        {
            text.Append(indent).Append(key).Append(": ").Append(v.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
