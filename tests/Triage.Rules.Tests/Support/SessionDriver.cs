namespace Triage.Rules.Tests.Support;

/// <summary>Feeds text to a session the way the collector does, context = 1-based line number.</summary>
internal static class SessionDriver
{
    /// <summary>Every line to <see cref="ExtractionSession{TContext}.Process"/>, then Flush.</summary>
    public static List<RuleMatch<int>> FeedAll(RuleSet set, IReadOnlyList<string> lines, Func<int, string>? stream = null)
    {
        var session = set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();
        long offset = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            session.Process(lines[i], stream?.Invoke(i) ?? string.Empty, offset, i + 1, output);
            offset += lines[i].Length + 1;
        }

        session.Flush(output);
        return output;
    }

    /// <summary>Like the collector: only lines with a prefilter literal, or any line while blocks are open.</summary>
    public static List<RuleMatch<int>> FeedPrefiltered(RuleSet set, IReadOnlyList<string> lines, Func<int, string>? stream = null)
    {
        var session = set.CreateSession<int>();
        var output = new List<RuleMatch<int>>();
        long offset = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (session.HasOpenBlocks || lines[i].AsSpan().IndexOfAny(set.Prefilter) >= 0)
            {
                session.Process(lines[i], stream?.Invoke(i) ?? string.Empty, offset, i + 1, output);
            }

            offset += lines[i].Length + 1;
        }

        session.Flush(output);
        return output;
    }

    public static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');
}
