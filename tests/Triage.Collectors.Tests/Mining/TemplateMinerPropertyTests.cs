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

    private static List<string> Run(List<string> messages)
    {
        var miner = new TemplateMiner();
        var ids = messages.Select(m => miner.Add(m)).ToList();
        miner.Consolidate();
        return ids.Select(id => miner.TemplateOf(id)!.Id).ToList();
    }
}
