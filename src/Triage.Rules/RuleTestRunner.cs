using System.Globalization;

namespace Triage.Rules;

/// <summary>Runs the test texts of rules through fresh sessions and checks the expectations.</summary>
internal static class RuleTestRunner
{
    public static RuleTestReport Run(RuleSet set, string? file)
    {
        var results = new List<RuleTestResult>();
        var found = file is null;
        foreach (var ruleFile in set.Files)
        {
            if (file is not null && !SameFile(ruleFile.Path, file))
            {
                continue;
            }

            found = true;
            foreach (var rule in ruleFile.Rules)
            {
                RunRule(set, rule, results);
            }
        }

        if (!found)
        {
            throw new ArgumentException($"'{file}' is not one of the loaded rule files", nameof(file));
        }

        return new RuleTestReport(results);
    }

    /// <summary>Feeds <paramref name="text"/> line by line (stream "", context = 1-based line) and flushes.</summary>
    internal static List<RuleMatch<int>> Extract(RuleSet set, string text)
    {
        var session = set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();
        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            session.Process(line, string.Empty, offset, i + 1, output);
            offset += lines[i].Length + 1;
        }

        session.Flush(output);
        return output;
    }

    private static void RunRule(RuleSet set, Rule rule, List<RuleTestResult> results)
    {
        for (var i = 0; i < rule.Tests.Match.Count; i++)
        {
            var test = rule.Tests.Match[i];
            var problem = CheckMatch(rule, test, Mine(rule, Extract(set, test.Text)));
            results.Add(Result(rule, test, isMatch: true, i + 1, problem));
        }

        for (var i = 0; i < rule.Tests.NoMatch.Count; i++)
        {
            var test = rule.Tests.NoMatch[i];
            var mine = Mine(rule, Extract(set, test.Text));
            var problem = mine.Count == 0
                ? null
                : $"expected no match, got {mine.Count} (signature '{mine[0].Signature}')";
            results.Add(Result(rule, test, isMatch: false, i + 1, problem));
        }
    }

    private static string? CheckMatch(Rule rule, RuleTestCase test, List<RuleMatch<int>> mine)
    {
        if (mine.Count == 0)
        {
            return "no match" + WhyNoMatch(rule, test.Text);
        }

        if (mine.Count > 1)
        {
            return $"expected exactly one match, got {mine.Count}";
        }

        var match = mine[0];
        var problems = new List<string>();
        foreach (var expected in test.Attrs)
        {
            if (!match.Attrs.TryGetValue(expected.Key, out var actual))
            {
                problems.Add($"attr {expected.Key} expected '{expected.Value}' got none");
            }
            else if (!string.Equals(actual, expected.Value, StringComparison.Ordinal))
            {
                problems.Add($"attr {expected.Key} expected '{expected.Value}' got '{actual}'");
            }
        }

        if (test.Signature is not null && !string.Equals(test.Signature, match.Signature, StringComparison.Ordinal))
        {
            problems.Add($"signature expected '{test.Signature}' got '{match.Signature}'");
        }

        if (test.Category is { } category && category != match.Category)
        {
            problems.Add($"category expected '{Lower(category)}' got '{Lower(match.Category)}'");
        }

        if (test.Severity is { } severity && severity != match.Severity)
        {
            problems.Add($"severity expected '{Lower(severity)}' got '{Lower(match.Severity)}'");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>A hint for rule authors: which of the two gates (literal, regex) the text failed.</summary>
    private static string WhyNoMatch(Rule rule, string text)
    {
        foreach (var literal in rule.Literals)
        {
            if (text.Contains(literal, StringComparison.Ordinal))
            {
                long timeouts = 0;
                foreach (var line in text.Split('\n'))
                {
                    if (rule.MatchStart(line.TrimEnd('\r'), ref timeouts).Success)
                    {
                        return " (the regex matches, but the match was suppressed by a block of the same kind)";
                    }
                }

                return " (a literal occurs, but the regex matches no line)";
            }
        }

        return " (the text contains none of the rule's literals)";
    }

    private static List<RuleMatch<int>> Mine(Rule rule, List<RuleMatch<int>> matches)
    {
        var mine = new List<RuleMatch<int>>();
        foreach (var match in matches)
        {
            if (ReferenceEquals(match.Rule, rule))
            {
                mine.Add(match);
            }
        }

        return mine;
    }

    private static RuleTestResult Result(Rule rule, RuleTestCase test, bool isMatch, int number, string? problem)
    {
        var reason = problem is null
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{rule.File}:{test.Line}: rule '{rule.Id}' {(isMatch ? "match" : "noMatch")} #{number}: {problem}");
        return new RuleTestResult(rule, test, isMatch, number, problem is null, reason);
    }

    private static bool SameFile(string loaded, string requested)
    {
        if (string.Equals(loaded, requested, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            return string.Equals(Path.GetFullPath(loaded), Path.GetFullPath(requested), StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => Triage.Symptoms.Names.Of(value);
}
