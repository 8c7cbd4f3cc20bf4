namespace Triage.Rules;

/// <summary>
/// Bounds on untrusted rule files and log input. Rule files and logs come from machines we do not
/// control, so every size the loader or the matcher accepts is capped here.
/// </summary>
public static class RuleLimits
{
    /// <summary>Largest rule file accepted, in bytes (1 MiB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Most rule files one <see cref="RuleSet"/> may load.</summary>
    public const int MaxFiles = 1000;

    /// <summary>Most rules in one file.</summary>
    public const int MaxRulesPerFile = 1000;

    /// <summary>Most rules in one <see cref="RuleSet"/>.</summary>
    public const int MaxRules = 10_000;

    /// <summary>Most literals of one rule.</summary>
    public const int MaxLiteralsPerRule = 64;

    /// <summary>Longest literal, in characters.</summary>
    public const int MaxLiteralChars = 1024;

    /// <summary>Longest regular expression pattern, in characters.</summary>
    public const int MaxPatternChars = 8192;

    /// <summary>Most test cases (match plus noMatch) of one rule.</summary>
    public const int MaxTestsPerRule = 200;

    /// <summary>Most entries in one <c>map.values</c>.</summary>
    public const int MaxMapValues = 1000;

    /// <summary>Most <c>block.collect</c> entries of one rule.</summary>
    public const int MaxCollectors = 16;

    /// <summary>Deepest nesting of YAML collections accepted.</summary>
    public const int MaxYamlDepth = 32;

    /// <summary>Most YAML nodes (scalars and collections) in one file.</summary>
    public const int MaxYamlNodes = 200_000;

    /// <summary>Default <c>block.maxLines</c>.</summary>
    public const int DefaultBlockLines = 200;

    /// <summary>Hard cap on <c>block.maxLines</c>.</summary>
    public const int MaxBlockLines = 2000;

    /// <summary>Most values <c>keep: all</c> (and <c>first N</c> / <c>last N</c>) collects.</summary>
    public const int MaxCollectedValues = 50;

    /// <summary>Longest <see cref="RuleMatch{TContext}.Message"/>, in characters (cut with "…").</summary>
    public const int MaxMessageChars = 4096;

    /// <summary>Longest attribute value taken from input, in characters (cut with "…").</summary>
    public const int MaxAttrValueChars = 512;

    /// <summary>Longest <see cref="RuleMatch{TContext}.Signature"/>, in characters.</summary>
    public const int MaxSignatureChars = 200;

    /// <summary>
    /// Most blocks one <see cref="ExtractionSession{TContext}"/> keeps open at once (over all streams);
    /// opening one more emits the oldest.
    /// </summary>
    public const int MaxOpenBlocks = 10_000;

    /// <summary>
    /// Match timeout of patterns that cannot use <c>RegexOptions.NonBacktracking</c> (lookarounds,
    /// backreferences). A timeout counts as "no match".
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
}
