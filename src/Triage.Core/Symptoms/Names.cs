namespace Triage.Symptoms;

/// <summary>The lower-case names categories and severities are written and parsed as.</summary>
public static class Names
{
    /// <summary>The category's name, e.g. <c>hardware</c>.</summary>
    public static string Of(SymptomCategory category) => category switch
    {
        SymptomCategory.Hardware => "hardware",
        SymptomCategory.Network => "network",
        SymptomCategory.Software => "software",
        SymptomCategory.Data => "data",
        SymptomCategory.Resource => "resource",
        SymptomCategory.Scheduler => "scheduler",
        _ => "unknown",
    };

    /// <summary>The severity's name, e.g. <c>critical</c>.</summary>
    public static string Of(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Error => "error",
        _ => "critical",
    };

    /// <summary>Parses a category name (case-insensitive).</summary>
    public static bool TryParseCategory(string? text, out SymptomCategory category)
    {
        foreach (var candidate in Enum.GetValues<SymptomCategory>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                category = candidate;
                return true;
            }
        }

        category = SymptomCategory.Unknown;
        return false;
    }

    /// <summary>Parses a severity name (case-insensitive).</summary>
    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        foreach (var candidate in Enum.GetValues<Severity>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = Severity.Error;
        return false;
    }
}
