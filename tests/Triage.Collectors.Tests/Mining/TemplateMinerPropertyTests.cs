using FsCheck;
using FsCheck.Xunit;
using Triage.Collectors.Mining;

namespace Triage.Collectors.Tests.Mining;

public sealed class TemplateMinerPropertyTests
{
    [Property(MaxTest = 300)]
    public bool Mine_ArbitraryMessages_NeverThrowsAndAlwaysGivesATemplate(string[] messages)
    {
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxClusters = 16 });
        foreach (var m in messages ?? [])
        {
            var t = miner.Mine(m ?? string.Empty);
            if (t.Id.Length != 17)
            {
                return false;
            }
        }

        miner.Consolidate();
        return miner.Templates().Count <= 16 || miner.ClusterCount <= 16;
    }

    [Property(MaxTest = 200)]
    public bool Mine_SameMessagesTwice_SameTemplates(NonNull<string>[] raw)
    {
        // Mixed-in log-like words make merges likely, not only exact repeats.
        var words = new[] { "error", "user", "alice", "bob", "carol", "dave", "10.0.0.1:80", "0x1f", "port", "down" };
        var messages = (raw ?? []).Select((s, i) => string.Join(' ', words[i % words.Length], s.Get, words[(i * 7) % words.Length], "end")).ToList();

        return Run(messages).SequenceEqual(Run(messages));
    }

    [Property(MaxTest = 300)]
    public bool Correct_ArbitraryTemplate_NeverThrows(NonNull<string> template) =>
        Triage.Collectors.Mining.Evaluation.TemplateCorrector.Correct(template.Get) is not null;

    [Property(MaxTest = 1000)]
    public bool MaskToken_ArbitraryToken_NeverThrowsAndKeepsOneToken(NonEmptyString raw)
    {
        // Whitespace separates tokens, so a token has none.
        var token = new string(raw.Get.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (token.Length == 0)
        {
            return true;
        }

        var into = new CharBuffer();
        TokenMasker.Append(token, into);
        var masked = into.Span.ToString();
        _ = TokenShapes.IsWholeVariable(token);
        return masked.Length > 0 && !masked.Any(char.IsWhiteSpace);
    }

    [Property(MaxTest = 1000)]
    public bool MaskToken_ShapeLikeTokens_NeverThrow(byte[] picks)
    {
        // Fragments of the shapes the masker looks for, glued at random: many near misses of each rule.
        var parts = new[] { "[", "]", ":", "::", ".", "..", "/", "\\", "\\042", "@", "=", "(", ")", "\"", "'", "<", "~", "-", "0x", "ff", "12", "a", "com", "exe", "%", "_", "1h", "sec" };
        var token = string.Concat((picks ?? []).Take(24).Select(b => parts[b % parts.Length]));
        if (token.Length == 0)
        {
            return true;
        }

        var into = new CharBuffer();
        TokenMasker.Append(token, into);
        return into.Length > 0;
    }

    [Property(MaxTest = 300)]
    public bool Mine_MessagesWithQuotesAndShapes_NeverThrowAndAreDeterministic(NonNull<string>[] raw)
    {
        var words = new[] { "\"open", "quote\"", "'a", "b'", "host.example.com:443", "<1", "sec", "backup.exe", "[fe80::1]:22", "k=\"v", "w\"", "5", "KB)" };
        var messages = (raw ?? []).Select((s, i) => string.Join(' ', words[i % words.Length], s.Get, words[(i * 5) % words.Length], words[(i * 3) % words.Length])).ToList();

        return Run(messages).SequenceEqual(Run(messages));
    }

    private static List<string> Run(List<string> messages)
    {
        var miner = new TemplateMiner();
        var ids = messages.Select(m => miner.Add(m)).ToList();
        miner.Consolidate();
        return ids.Select(id => miner.TemplateOf(id)!.Id).ToList();
    }
}
