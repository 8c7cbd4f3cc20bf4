using System.Globalization;
using System.Text;

namespace Triage.Rules;

/// <summary>
/// A rule file could not be read or is invalid. The message names the file, the 1-based line and
/// column when known, and the rule id when known, e.g.
/// <c>rules/kernel.yaml:42:7: rule 'kernel.nvrm_xid': unknown kind 'gpu.xidd'</c>.
/// Exit code <see cref="ExitCodes.RuleError"/>.
/// </summary>
public sealed class RuleLoadException : TriageException
{
    /// <summary>Creates the exception; the message is formatted from the parts.</summary>
    /// <param name="filePath">The rule file as it was named to the loader.</param>
    /// <param name="line">1-based line in the file, or 0 when unknown.</param>
    /// <param name="column">1-based column, or 0 when unknown.</param>
    /// <param name="ruleId">The rule the problem belongs to, when known.</param>
    /// <param name="detail">What is wrong, without the location.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public RuleLoadException(string filePath, int line, int column, string? ruleId, string detail, Exception? innerException = null)
        : base(Format(filePath, line, column, ruleId, detail), ExitCodes.RuleError, innerException)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        RuleId = ruleId;
        Detail = detail;
    }

    /// <summary>The rule file as it was named to the loader.</summary>
    public string FilePath { get; }

    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The rule the problem belongs to, or null.</summary>
    public string? RuleId { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Detail { get; }

    private static string Format(string filePath, int line, int column, string? ruleId, string detail)
    {
        var text = new StringBuilder(filePath);
        if (line > 0)
        {
            text.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
            if (column > 0)
            {
                text.Append(':').Append(column.ToString(CultureInfo.InvariantCulture));
            }
        }

        text.Append(": ");
        if (ruleId is not null)
        {
            text.Append("rule '").Append(ruleId).Append("': ");
        }

        return text.Append(detail).ToString();
    }
}
