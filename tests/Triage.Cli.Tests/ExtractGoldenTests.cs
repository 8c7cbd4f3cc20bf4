using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Triage.Cli.Tests.Support;
using Triage.Testing;

namespace Triage.Cli.Tests;

/// <summary>
/// <c>triage extract --json</c> over every text log of the bundled samples must stay byte-identical
/// while the extraction path is made faster (issue 22). The approved file holds, per source file,
/// the symptom count and the SHA-256 of its JSON lines, so a difference names the file.
/// It was generated from main before the speed work started.
/// </summary>
public sealed class ExtractGoldenTests : IDisposable
{
    private static readonly string[] Samples = ["gpu-fell-off-bus", "host-oom", "ib-flap", "torch-sum"];
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Extract_Json_AllSampleLogs_ByteIdenticalToGolden()
    {
        var files = new List<string>();
        foreach (var sample in Samples)
        {
            var root = _cli.CopySample(sample);
            files.AddRange(Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".json", StringComparison.Ordinal) && !f.Contains("/cores/", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(_cli.WorkDir, f).Replace('\\', '/')));
        }

        files.Sort(StringComparer.Ordinal);

        var (_, output, _) = await _cli.RunAsync(["extract", .. files, "--json"]);

        var perFile = new SortedDictionary<string, (int Count, IncrementalHash Hash)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var path = doc.RootElement.GetProperty("source").GetProperty("path").GetString()!;
            if (!perFile.TryGetValue(path, out var entry))
            {
                entry = (0, IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
            }

            entry.Hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            perFile[path] = (entry.Count + 1, entry.Hash);
        }

        var digest = new StringBuilder();
        foreach (var (path, (count, hash)) in perFile)
        {
            digest.Append(path).Append(' ').Append(count).Append(' ').AppendLine(Convert.ToHexStringLower(hash.GetHashAndReset()));
            hash.Dispose();
        }

        Assert.True(perFile.Count > 20, $"only {perFile.Count} files gave symptoms");
        Approvals.Verify("extract-samples-digest", digest.ToString());
    }
}
