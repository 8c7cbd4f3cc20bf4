namespace Triage.Collectors.Mining;

/// <summary>
/// Keys compared with every run of variable tokens as one: a value that takes a varying number of
/// tokens (<c>5 ms</c> / <c>00:01:23</c>, <c>&lt;1 sec</c>, a list <c>[1, 2, 3]</c>) then gives one key. Stateless.
/// </summary>
internal static class WildcardRuns
{
    /// <summary>
    /// The tokens joined by spaces with each run of variable tokens (<see cref="IsWildRun"/>) as one
    /// <c>&lt;*&gt;</c>, or null when fewer than <paramref name="minConstants"/> constants are left to tell templates apart.
    /// </summary>
    public static string? Collapse(IReadOnlyList<string> tokens, int minConstants)
    {
        var parts = new List<string>(tokens.Count);
        var constants = 0;
        foreach (var token in tokens)
        {
            var wild = IsWildRun(token);
            if (wild && parts.Count > 0 && parts[^1] == TokenMasker.Wildcard)
            {
                continue;
            }

            constants += wild ? 0 : 1;
            parts.Add(wild ? TokenMasker.Wildcard : token);
        }

        return constants >= minConstants ? string.Join(' ', parts) : null;
    }

    /// <summary>Variables and punctuation only (<c>&lt;*&gt;</c>, <c>[&lt;*&gt;,</c>, <c>&lt;*&gt;)</c>): a piece of a value whose length varies.</summary>
    public static bool IsWildRun(string token) =>
        token.Contains(TokenMasker.Wildcard, StringComparison.Ordinal)
        && !token.Replace(TokenMasker.Wildcard, string.Empty, StringComparison.Ordinal).Any(char.IsLetterOrDigit);
}
