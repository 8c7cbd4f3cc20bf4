using System.Globalization;
using Triage.Collectors.Mining;
using Triage.Symptoms;

namespace Triage.Collectors.Tests.Mining;

public sealed class TemplateMinerTests
{
    [Fact]
    public void Mine_NumbersAddressesAndHexVary_OneTemplate()
    {
        var miner = new TemplateMiner();

        var a = miner.Mine("ckptfs: lease renewal failed for chunk 0x3fa2c1 after 5120 ms (server 10.3.2.17:7480, gen 41), serving stale pages");
        var b = miner.Mine("ckptfs: lease renewal failed for chunk 0x00ff10 after 912 ms (server 10.200.1.9:7480, gen 7), serving stale pages");

        Assert.Equal(a.Id, b.Id);
        Assert.Equal("ckptfs: lease renewal failed for chunk <*> after <*> <*> (server <*>, gen <*>), serving stale pages", b.Text);
        Assert.Equal(TemplateIds.Of(b.Text), b.Id);
    }

    [Fact]
    public void Mine_KeyValueAndIndexedNames_KeepKeysMaskValues()
    {
        var miner = new TemplateMiner();

        var t = miner.Mine("authentication failure; uid=0 euid=500 rhost=node129 user=root");

        Assert.Equal("authentication failure; uid=<*> euid=<*> rhost=<*> user=root", t.Text);
    }

    [Fact]
    public void Consolidate_FourDistinctNamesAtOnePosition_BecomeOneVariable()
    {
        var miner = new TemplateMiner();
        var ids = new[] { "cyrus", "news", "test", "root" }.Select(u => miner.Add($"session closed for user {u} now")).ToList();

        miner.Consolidate();

        var templates = ids.Select(id => miner.TemplateOf(id)!.Text).Distinct().ToList();
        Assert.Equal(["session closed for user <*> now"], templates);
    }

    [Fact]
    public void Consolidate_TwoValuesAtOnePosition_StayTwoTemplates()
    {
        var miner = new TemplateMiner();
        var start = miner.Add("cupsd startup succeeded on host");
        var stop = miner.Add("cupsd shutdown succeeded on host");

        miner.Consolidate();

        Assert.NotEqual(miner.TemplateOf(start)!.Id, miner.TemplateOf(stop)!.Id);
    }

    [Fact]
    public void Add_NewValueWhereTemplateHasVariable_JoinsItAtOnce()
    {
        var miner = new TemplateMiner();
        foreach (var u in new[] { "alice", "bob", "carol", "dave" })
        {
            miner.Add($"session closed for user {u} now");
        }

        miner.Consolidate();

        var late = miner.Mine("session closed for user erin now");
        Assert.Equal("session closed for user <*> now", late.Text);
    }

    [Fact]
    public void Add_BeyondMaxClusters_KeepsClusterCountBoundedAndIdsStable()
    {
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxClusters = 64 });
        var first = miner.Mine("disk sda is failing now");

        for (var i = 0; i < 1000; i++)
        {
            miner.Add(string.Create(CultureInfo.InvariantCulture, $"word{(char)('a' + (i % 26))}{(char)('a' + (i / 26 % 26))} message {(char)('a' + (i / 676))} unique"));
        }

        Assert.InRange(miner.ClusterCount, 1, 64);
        Assert.Equal(first.Id, miner.Mine("disk sda is failing now").Id);
    }

    [Fact]
    public void Templates_AfterMining_CountsPerTemplateMostFrequentFirst()
    {
        var miner = new TemplateMiner();
        miner.Add("link down on port 1");
        miner.Add("link down on port 2");
        miner.Add("fan failed");

        var templates = miner.Templates();

        Assert.Equal(("link down on port <*>", 2L), (templates[0].Text, templates[0].Count));
        Assert.Equal(("fan failed", 1L), (templates[1].Text, templates[1].Count));
    }

    [Fact]
    public void Mine_VeryLongMessage_CutAtMaxTokens()
    {
        var miner = new TemplateMiner(new TemplateMinerOptions { MaxTokens = 4 });

        var t = miner.Mine("a b c d e f g h");

        Assert.Equal("a b c d <*>", t.Text);
    }
}
