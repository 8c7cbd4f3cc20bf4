using Triage.Rules.Matching;
using Triage.Symptoms;

namespace Triage.Rules;

/// <summary>
/// One compiled extraction rule from a rule file: which lines it considers (<see cref="Literals"/>),
/// what it matches (<see cref="Pattern"/>) and what symptom it makes. Immutable and thread-safe;
/// created only by <see cref="RuleSet"/>.
/// </summary>
public sealed class Rule
{
    internal Rule()
    {
    }

    /// <summary>Unique id across all loaded files, e.g. <c>kernel.nvrm_xid</c>.</summary>
    public string Id { get; internal init; } = string.Empty;

    /// <summary>The <c>family</c> of the file the rule comes from.</summary>
    public string Family { get; internal init; } = string.Empty;

    /// <summary>The symptom kind, one of <see cref="SymptomKinds.All"/>.</summary>
    public string Kind { get; internal init; } = string.Empty;

    /// <summary>Severity of a match unless the rule's map says otherwise (default <see cref="Severity.Error"/>).</summary>
    public Severity Severity { get; internal init; } = Severity.Error;

    /// <summary>Category of a match unless the rule's map says otherwise (default: the kind's default category).</summary>
    public SymptomCategory Category { get; internal init; }

    /// <summary>Human description, or null.</summary>
    public string? Description { get; internal init; }

    /// <summary>
    /// Case-sensitive, ordinal substrings; a line is considered for this rule only when it contains
    /// one of them (even when <see cref="IgnoreCase"/> is set, which applies to the regex only).
    /// </summary>
    public IReadOnlyList<string> Literals { get; internal init; } = [];

    /// <summary>The start (or single-line) regex, as written.</summary>
    public string Pattern { get; internal init; } = string.Empty;

    /// <summary>True when the regexes match case-insensitively.</summary>
    public bool IgnoreCase { get; internal init; }

    /// <summary>True when a match spans several lines (the rule has a <c>block:</c> section).</summary>
    public bool IsBlock => Block is not null;

    /// <summary>The signature template as written, or null (the signature is then the rule id).</summary>
    public string? Signature => SignatureTemplate?.Text;

    /// <summary>Constant attributes every match carries.</summary>
    public IReadOnlyDictionary<string, string> Attrs { get; internal init; } = System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    /// <summary>
    /// True when one of the rule's regexes needs the backtracking engine with a timeout. Asking
    /// builds the rule's matchers (they are otherwise built on first use).
    /// </summary>
    public bool UsesBacktracking => Regex.IsBacktracking || (Exclude?.IsBacktracking ?? false) || BlockUsesBacktracking(Block);

    /// <summary>The rule file as it was named to the loader.</summary>
    public string File { get; internal init; } = string.Empty;

    /// <summary>1-based line of the rule in its file.</summary>
    public int Line { get; internal init; }

    /// <summary>1-based column of the rule in its file.</summary>
    public int Column { get; internal init; }

    /// <summary>The rule's own test lines.</summary>
    public RuleTests Tests { get; internal init; } = new([], []);

    internal SafeRegex Regex { get; init; } = null!;

    /// <summary>
    /// The <c>exclude:</c> regex, or null: a line it matches never starts a match of this rule (what
    /// a lookahead would say, on the linear-time engine).
    /// </summary>
    internal SafeRegex? Exclude { get; init; }

    /// <summary>The <c>exclude:</c> regex as written, or null.</summary>
    public string? ExcludePattern => Exclude?.Pattern;

    /// <summary>
    /// <c>fallback: true</c>: a family rule, recognising a family of lines by its stable markers. It is
    /// tried only on a line that no other rule matched and no block holds, so the specific rules win
    /// wherever they exist; of several fallbacks, the first in rule order that matches is the only one.
    /// </summary>
    public bool Fallback { get; internal init; }

    /// <summary>
    /// <c>fallback: last</c>: a fallback whose marker only says what carried the failure (a Python
    /// exception's "Type: message" line), not what failed. It is tried after every other fallback, so
    /// a family rule that reads the message (a socket error, an NCCL result) keeps the line.
    /// </summary>
    public bool FallbackLast { get; internal init; }

    internal BlockSpec? Block { get; init; }

    internal AttrMap? Map { get; init; }

    internal AttrTemplate? SignatureTemplate { get; init; }

    /// <summary>Regex timeouts of this rule so far, over all sessions.</summary>
    internal long Timeouts
    {
        get
        {
            var total = Regex.Timeouts + (Exclude?.Timeouts ?? 0);
            if (Block is not null)
            {
                total += (Block.Continue?.Timeouts ?? 0) + (Block.End?.Timeouts ?? 0);
                foreach (var collect in Block.Collect)
                {
                    total += collect.Regex.Timeouts;
                }
            }

            return total;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Id;

    /// <summary>
    /// The start (or single-line) match on <paramref name="line"/>: <see cref="System.Text.RegularExpressions.Match.Empty"/> when the
    /// regex does not match or <see cref="Exclude"/> does. A timeout is no match, added to <paramref name="timeouts"/>.
    /// </summary>
    internal System.Text.RegularExpressions.Match MatchStart(string line, ref long timeouts)
    {
        var match = Regex.Match(line, ref timeouts);
        return match.Success && Exclude is not null && Exclude.IsMatch(line, ref timeouts)
            ? System.Text.RegularExpressions.Match.Empty
            : match;
    }

    private static bool BlockUsesBacktracking(Matching.BlockSpec? block)
    {
        if (block is null)
        {
            return false;
        }

        var any = (block.Continue?.IsBacktracking ?? false) || (block.End?.IsBacktracking ?? false);
        foreach (var collect in block.Collect)
        {
            any |= collect.Regex.IsBacktracking;
        }

        return any;
    }
}
