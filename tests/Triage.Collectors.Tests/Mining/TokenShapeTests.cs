using Triage.Collectors.Mining;

namespace Triage.Collectors.Tests.Mining;

/// <summary>One test per variable shape: two realistic lines that differ only in that value are one template.</summary>
public sealed class TokenShapeTests
{
    [Theory]
    [InlineData("conn close: www.example.com:443 sent 1024 bytes", "conn close: mail.corp.example.co.uk:8080 sent 3 bytes", "conn close: <*> sent <*> <*>")]
    [InlineData("connect to db-primary.internal:5432 failed", "connect to cache.svc.cluster.local:6379 failed", "connect to <*> failed")]
    [InlineData("open tunnel to proxy.lab.example.org:1080 ok", "open tunnel to 10.20.30.40:1080 ok", "open tunnel to <*> ok")]
    [InlineData("resolved host api.example.com in cache", "resolved host images.example.net in cache", "resolved host <*> in cache")]
    public void Mine_HostPortAndDomains_OneTemplate(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Theory]
    [InlineData("peer [fe80::1ff:fe23:4567:890a]:22 closed", "peer [2001:db8::8a2e:370:7334]:22 closed", "peer <*> closed")]
    [InlineData("peer (fe80::1ff:fe23:4567:890a) closed", "peer (2001:db8::8a2e:370:7334) closed", "peer (<*>) closed")]
    [InlineData("route via fe80::1%eth0 added", "route via ::1 added", "route via <*> added")]
    [InlineData("lease for aa:bb:cc:dd:ee:ff renewed", "lease for 00:1a:2b:3c:4d:5e renewed", "lease for <*> renewed")]
    [InlineData("lease for AA-BB-CC-DD-EE-FF renewed", "lease for 00-1A-2B-3C-4D-5E renewed", "lease for <*> renewed")]
    public void Mine_Ipv6AndMacAddresses_OneTemplate(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Theory]
    [InlineData("GET https://api.example.com/v1/items?id=7 returned error", "GET http://localhost/health returned error", "GET <*> returned error")]
    [InlineData(@"cannot load C:\Windows\System32\drivers\etc\hosts now", @"cannot load D:\data\cache\index.db now", "cannot load <*> now")]
    [InlineData(@"share \\fileserver\public\docs unreachable", @"share \\nas01\backup unreachable", "share <*> unreachable")]
    [InlineData("open failed for /var/lib/app/state.json", "open failed for ./conf/app/settings.yaml", "open failed for <*>")]
    [InlineData("ciod: chdir(/home/alice/run) failed", "ciod: chdir(/scratch/bob/job/out) failed", "ciod: chdir(<*>) failed")]
    [InlineData("mail from alice@example.com rejected", "mail from bob.smith@mail.example.org rejected", "mail from <*> rejected")]
    public void Mine_PathsUrlsAndAddresses_OneTemplate(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Fact]
    public void Mine_DurationsInEverySpelling_OneTemplate()
    {
        var miner = new TemplateMiner();
        var lines = new[]
        {
            "session closed, lifetime 00:01:23, 512 bytes", "session closed, lifetime <1 sec, 512 bytes",
            "session closed, lifetime 1h2m3s, 512 bytes", "session closed, lifetime 350ms, 512 bytes",
            "session closed, lifetime 2.5 s, 512 bytes", "session closed, lifetime PT5M30S, 512 bytes",
            "session closed, lifetime ~3 min, 512 bytes", "session closed, lifetime 1:02:03.456, 512 bytes",
        };

        var ids = lines.Select(l => miner.Add(l)).ToList();
        miner.Consolidate();

        Assert.Single(ids.Select(id => miner.TemplateOf(id)!.Id).Distinct());
    }

    [Fact]
    public void Mine_SizesWithUnits_OneTemplate()
    {
        var miner = new TemplateMiner();
        var lines = new[] { "flushed 1.5 GB to disk", "flushed 512KiB to disk", "flushed 12 MB to disk", "flushed 1,024 bytes to disk", "flushed 98% to disk" };

        var ids = lines.Select(l => miner.Add(l)).ToList();
        miner.Consolidate();

        Assert.Single(ids.Select(id => miner.TemplateOf(id)!.Id).Distinct());
    }

    [Theory]
    [InlineData("object 550e8400-e29b-41d4-a716-446655440000 evicted", "object deadbeef-cafe-babe-face-feedfacecafe evicted", "object <*> evicted")]
    [InlineData("crc mismatch at 0x7ffd1a2b expected 0xdeadbeef", "crc mismatch at 0x0 expected 0x1", "crc mismatch at <*> expected <*>")]
    [InlineData("commit 3f9a2c1b7e applied", "commit a81c00d9e2 applied", "commit <*> applied")]
    public void Mine_HexAndUuids_OneTemplate(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Theory]
    [InlineData("user said \"hello there world\" and left", "user said \"<*>\" and left")]
    [InlineData("job 'nightly backup of db' failed: timeout", "job '<*>' failed: timeout")]
    [InlineData("event msg=\"disk is almost full\" level=warn", "event msg=\"<*>\" level=warn")]
    public void Mine_QuotedTextOfSeveralWords_OneVariableToken(string line, string expected) =>
        Assert.Equal(expected, new TemplateMiner().Mine(line).Text);

    [Fact]
    public void Consolidate_QuotedTextOfOneOrSeveralWords_OneTemplate()
    {
        // A one-word quoted value is a word like any other; once the template has "<*>" there, it fills it.
        var miner = new TemplateMiner();
        var ids = new[] { "job 'nightly backup of db' failed: timeout", "job 'cleanup' failed: timeout", "job 'rotate logs' failed: timeout", "job 'vacuum' failed: timeout" }
            .Select(l => miner.Add(l)).ToList();

        miner.Consolidate();

        Assert.Single(ids.Select(id => miner.TemplateOf(id)!.Id).Distinct());
        Assert.Equal(miner.TemplateOf(ids[0])!.Id, miner.Mine("job 'reindex' failed: timeout").Id);
    }

    [Fact]
    public void Consolidate_ProgramFileNamesFirst_OneTemplate()
    {
        // The first word is never merged, unless it is a file name: the program that wrote the line.
        var miner = new TemplateMiner();
        var ids = new[] { "backup.exe", "agent.exe", "sync.exe", "indexer.exe" }
            .Select(p => miner.Add($"{p} - www.example.com:443 close, 512 bytes sent, 1.2 KB received, lifetime <1 sec")).ToList();

        miner.Consolidate();

        Assert.Single(ids.Select(id => miner.TemplateOf(id)!.Id).Distinct());
        Assert.Equal("<*> - <*> close, <*> <*> sent, <*> <*> received, lifetime <*> <*>", miner.TemplateOf(ids[0])!.Text);
        Assert.Equal(miner.TemplateOf(ids[0])!.Id, miner.Mine("updater.exe - cdn.example.net:80 close, 3 MB sent, 12 bytes received, lifetime 00:01:23").Id);
    }

    [Fact]
    public void Consolidate_TwoWordVariablesAtOnce_EarlierLinesJoinTheTemplate()
    {
        // A user and a host without digits vary together; the lines seen before the template had both
        // variables (each differs from every other line at two positions) join it too.
        var miner = new TemplateMiner();
        var early = new[] { miner.Add("login of zoe accepted on gamma now"), miner.Add("login of yann accepted on alpha now") };
        string[] users = ["alice", "bob", "carol", "dave", "erin"];
        string[] hosts = ["alpha", "bravo", "charlie", "delta", "echo"];
        var dense = users.SelectMany(u => hosts.Select(h => miner.Add($"login of {u} accepted on {h} now"))).ToList();

        miner.Consolidate();

        var ids = early.Concat(dense).Select(id => miner.TemplateOf(id)!.Text).Distinct().ToList();
        Assert.Equal(["login of <*> accepted on <*> now"], ids);
    }

    [Fact]
    public void Consolidate_FirstWordsThatAreNotFileNames_StayApart()
    {
        var miner = new TemplateMiner();
        var ids = new[] { "cupsd", "syslogd", "klogd", "portmap" }.Select(d => miner.Add($"{d} startup succeeded on node")).ToList();

        miner.Consolidate();

        Assert.Equal(4, ids.Select(id => miner.TemplateOf(id)!.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("upstream url=https://a.example.com/x ok", "upstream url=http://b.example.net/y/z ok", "upstream url=<*> ok")]
    [InlineData("open file=/var/log/app/a.log mode=r", "open file=/tmp/x/y.log mode=r", "open file=<*> mode=r")]
    [InlineData("client host=alpha.example.com port=22", "client host=beta.example.org port=2222", "client host=<*> port=<*>")]
    public void Mine_KeyValues_KeepKeyMaskValue(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Theory]
    [InlineData("retry <1 of 5", "retry ~3 of 5", "retry <*> of <*>")]
    [InlineData("progress 5/10 done", "progress 17/200 done", "progress <*> done")]
    [InlineData("worker #12 idle", "worker #3 idle", "worker <*> idle")]
    [InlineData("queue (42) full", "queue (7) full", "queue (<*>) full")]
    [InlineData("took 3rd attempt", "took 21st attempt", "took <*> attempt")]
    public void Mine_NumbersGluedToPunctuationOrUnits_AreNumbers(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Theory]
    [InlineData("backup started on Monday at 10:30 PM", "backup started on Sunday at 9:05 AM", "backup started on <*> at <*> <*>")]
    [InlineData("cert valid until September 3 2027", "cert valid until March 14 2026", "cert valid until <*> <*> <*>")]
    public void Mine_CalendarWords_AreTimeStampParts(string a, string b, string expected) => AssertOneTemplate(a, b, expected);

    [Theory]
    [InlineData("at Foo.java:42 in handler", "at Foo.java:<*> in handler")]
    [InlineData("[E ProcessGroupNCCL.cpp:1234] watchdog", "[E ProcessGroupNCCL.cpp:<*>] watchdog")]
    [InlineData("mapred.task.id is deprecated", "mapred.task.id is deprecated")]
    [InlineData("link eth0 up via ssh2", "link eth0 up via ssh2")]
    [InlineData("interface \\042alt0\\042 is down", "interface \\042alt0\\042 is down")]
    [InlineData("I can't open it, don't retry", "I can't open it, don't retry")]
    [InlineData("java.io.IOException thrown by org.apache.Server", "java.io.IOException thrown by org.apache.Server")]
    [InlineData("read/write error on I/O port", "read/write error on I/O port")]
    public void Mine_ShapesThatAreNotVariables_StayConstant(string line, string expected) =>
        Assert.Equal(expected, new TemplateMiner().Mine(line).Text);

    private static void AssertOneTemplate(string a, string b, string expected)
    {
        var miner = new TemplateMiner();

        var ta = miner.Mine(a);
        var tb = miner.Mine(b);

        Assert.Equal(expected, ta.Text);
        Assert.Equal(ta.Id, tb.Id);
    }
}
