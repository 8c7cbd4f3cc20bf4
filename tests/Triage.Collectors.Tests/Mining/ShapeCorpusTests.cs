using System.Globalization;
using Triage.Collectors.Mining.Evaluation;

namespace Triage.Collectors.Tests.Mining;

/// <summary>
/// A generated corpus of the variable shapes the development systems hardly have (host names with
/// ports, domains, durations and sizes in many spellings, Windows paths, URLs, IPv6, UUIDs, quoted
/// text, key=value): each line's true template is known, so the miner's grouping is scored as on Loghub.
/// The templates are invented, not taken from any data set.
/// </summary>
public sealed class ShapeCorpusTests
{
    private static readonly string[] Hosts = ["www.example.com:443", "mail.example.org:993", "cdn.example.net:80", "10.0.3.7:8080", "api.corp.example.co.uk:443", "[2001:db8::7]:443", "db1.internal:5432"];
    private static readonly string[] Durations = ["00:01:23", "<1 sec", "12 ms", "1.5s", "1h2m3s", "00:00:04", "3 min", "250ms"];
    private static readonly string[] Sizes = ["512 bytes", "1.2 KB", "3 MB", "1,024 bytes", "12KiB", "7.5 GB"];
    private static readonly string[] Programs = ["backup.exe", "agent.exe", "sync.exe", "indexer.exe", "updater.exe", "shell.exe"];
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "frank"];
    private static readonly string[] Paths = [@"C:\Program Files\App\app.dll", @"C:\Users\alice\AppData\Local\Temp\x.tmp", "/var/lib/app/data.db", "/home/bob/.cache/app/index", @"\\nas\share\file.txt"];
    private static readonly string[] Urls = ["https://example.com/a/b?x=1", "http://10.0.0.1:8080/health", "https://api.example.org/v2/items/42"];
    private static readonly string[] Phrases = ["\"disk is almost full\"", "\"ok\"", "\"quota exceeded for volume\"", "\"retry later\""];

    private static readonly Func<Random, string>[] Templates =
    [
        r => $"{Pick(r, Programs)} - {Pick(r, Hosts)} close, {Pick(r, Sizes)} sent, {Pick(r, Sizes)} received, lifetime {Pick(r, Durations)}",
        r => $"{Pick(r, Programs)} - {Pick(r, Hosts)} open through proxy {Pick(r, Hosts)} HTTPS",
        r => $"{Pick(r, Programs)} - {Pick(r, Hosts)} error : Could not connect to proxy {Pick(r, Hosts)} - connection attempt failed with error {r.Next(10000, 11000)}",
        r => $"Loaded module {Pick(r, Paths)} at 0x{r.Next():x8} in {Pick(r, Durations)}",
        r => $"request id={Guid(r)} url={Pick(r, Urls)} status={r.Next(200, 600)} took {Pick(r, Durations)}",
        r => $"user {Pick(r, Users)} logged in from {Pick(r, Hosts)} at {r.Next(1, 12)}:{r.Next(10, 60)} {(r.Next(2) == 0 ? "AM" : "PM")}",
        r => $"alert raised: message={Pick(r, Phrases)} severity={r.Next(1, 5)} source={Pick(r, Hosts)}",
        r => $"cache flushed {Pick(r, Sizes)} from {Pick(r, Paths)} after {Pick(r, Durations)}",
        r => $"Received {Pick(r, Sizes)} from {Pick(r, Hosts)} ({r.Next(1, 100)}% of quota) on {Pick(r, ["Mon", "Tue", "Wednesday", "Sat"])}",
        r => $"session {Guid(r)} for {Pick(r, Users)}@{Pick(r, ["example.com", "example.org"])} expired after {Pick(r, Durations)}",
    ];

    [Fact]
    public void Mine_GeneratedShapeCorpus_GroupsByTemplate()
    {
        var random = new Random(17);
        var lines = Enumerable.Range(0, 2000).Select(_ => random.Next(Templates.Length)).Select(t => (Truth: t, Line: Templates[t](random))).ToList();

        var parsed = LoghubEvaluator.Mine(lines.Select(l => l.Line).ToList());
        var scores = ParsingMetrics.Compute(lines.Select(l => (string?)l.Truth.ToString(CultureInfo.InvariantCulture)).ToList(), parsed);

        Assert.True(scores.GroupingAccuracy >= 0.99, $"GA {scores.GroupingAccuracy:0.000}, {scores.ParsedTemplates} templates for {scores.TrueTemplates}: {string.Join(" | ", parsed.Distinct().Take(20))}");
        Assert.True(scores.GroupingF1 >= 0.95, $"FGA {scores.GroupingF1:0.000}");
    }

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    private static string Guid(Random r)
    {
        var bytes = new byte[16];
        r.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }
}
