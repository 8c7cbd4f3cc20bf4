using System.Globalization;
using System.Text;
using Triage.Collectors.Collection;
using Triage.Collectors.Json;
using Triage.Rules.Loading;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Sorts the files of a run directory, as the collector's walk found them, into run metadata:
/// topology (YAML in the shapes <see cref="TopologyParser"/> and <see cref="SlurmTopology"/> read, CSV,
/// Slurm <c>topology.conf</c>), run facts (YAML, <see cref="RunFactsParser"/>) and step manifests
/// (JSONL, recognised from a bounded prefix). A file named like metadata (<c>topology.*</c>,
/// <c>run.yaml</c>) that cannot be used is a problem, named once with why; an unrecognised file that
/// is not named so is simply not metadata. Never throws for a bad file; thread-safe (no state).
/// </summary>
public static class RunMetadataReader
{
    /// <summary>Walks <paramref name="runDirectory"/> as the collector does and reads its metadata.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static RunInputs Read(string runDirectory, CancellationToken cancellationToken = default) =>
        Read(runDirectory, RunMetadataLimits.Default, cancellationToken);

    /// <summary>As <see cref="Read(string, CancellationToken)"/>, within <paramref name="limits"/>.</summary>
    internal static RunInputs Read(string runDirectory, RunMetadataLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        if (!Directory.Exists(runDirectory))
        {
            return RunInputs.None with { Problems = [new RunInputProblem(runDirectory, "not a directory")] };
        }

        return Read(SourceDiscovery.Discover(runDirectory).Files, limits, cancellationToken);
    }

    /// <summary>Reads the metadata among <paramref name="files"/> (one walk's result, in path order).</summary>
    internal static RunInputs Read(IReadOnlyList<DiscoveredFile> files, RunMetadataLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(limits);
        var found = new Found();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Format is not (SourceFormat.Text or SourceFormat.GzipText))
            {
                continue;
            }

            try
            {
                Classify(file, limits, found);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
            {
                found.Named(file, "cannot be read: " + e.Message);
            }
        }

        var chosen = found.Facts.OrderBy(f => MetadataFile.LogicalName(f.Path) is "run.yaml" or "run.yml" ? 0 : 1).ToList();
        foreach (var (path, _) in chosen.Skip(1))
        {
            found.Problems.Add(new RunInputProblem(path, "more run facts; ignored in favour of " + chosen[0].Path));
        }

        return new RunInputs(
            found.Hosts.Count > 0 ? new Topology(found.Hosts) : null,
            chosen.Count > 0 ? chosen[0].Facts : null,
            found.Manifests.Count > 0 ? new StepManifest(found.Manifests, limits) : null,
            found.Problems);
    }

    private static void Classify(DiscoveredFile file, RunMetadataLimits limits, Found found)
    {
        var name = MetadataFile.LogicalName(file.FullPath);
        if (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal))
        {
            ClassifyYaml(file, name, limits, found);
        }
        else if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            ClassifyCsv(file, name, limits, found);
        }
        else if (name.EndsWith(".conf", StringComparison.Ordinal))
        {
            if (ReadDocument(file.FullPath, limits) is { } text && SlurmTopology.IsConf(text))
            {
                found.AddHosts(file.FullPath, SlurmTopology.ParseConf(text, file.FullPath, found.Problems));
            }
            else if (name.StartsWith("topology", StringComparison.Ordinal))
            {
                found.Named(file, "no SwitchName= or BlockName= lines (not a Slurm topology.conf)");
            }
        }
        else if (MayBeJsonLines(file))
        {
            var prefix = MetadataFile.ReadPrefix(file.FullPath, limits.SniffBytes, limits.SniffLines);
            if (JsonLinesSniffer.Classify(prefix, prefix.Length < limits.SniffBytes, limits.SniffLines, rankFromPath: StepManifest.RankInPath(file.FullPath) is not null) == JsonLinesKind.Manifest)
            {
                found.Manifests.Add(file.FullPath);
            }
        }
    }

    private static void ClassifyYaml(DiscoveredFile file, string name, RunMetadataLimits limits, Found found)
    {
        var path = file.FullPath;
        if (ReadDocument(path, limits) is not { } text)
        {
            found.Named(file, Invariant($"larger than {limits.MaxDocumentBytes} bytes"));
            return;
        }

        YamlNode? root;
        try
        {
            root = YamlTreeReader.Read(text, limits.MaxYamlDepth, limits.MaxYamlNodes);
        }
        catch (YamlReadException e)
        {
            found.Named(file, "not usable YAML: " + e.Message);
            return;
        }

        var named = name.StartsWith("topology", StringComparison.Ordinal);
        if (RunFactsParser.IsRunFacts(root))
        {
            found.Facts.Add((path, RunFactsParser.Parse(root!, path, found.Problems)));
        }
        else if ((SlurmTopology.TryParseYaml(root, path, found.Problems) ?? TopologyParser.TryParse(root, named, path, found.Problems)) is { } hosts)
        {
            found.AddHosts(path, hosts);
        }
        else
        {
            found.Named(file, named
                ? "no hosts: expected a list of host mappings (host:, hostname: or name:), a mapping keyed by host name, or a Slurm topology.yaml"
                : "no world_size, attempts, or run and job_id");
        }
    }

    private static void ClassifyCsv(DiscoveredFile file, string name, RunMetadataLimits limits, Found found)
    {
        var named = name.StartsWith("topology", StringComparison.Ordinal);
        string? header;
        using (var reader = new StreamReader(MetadataFile.OpenRead(file.FullPath)))
        {
            header = reader.ReadLine();
        }

        if (header is null || !TopologyCsvParser.IsTopologyHeader(TopologyCsvParser.Header(header)))
        {
            if (named)
            {
                found.Named(file, "line 1: the header has no host column (host, hostname, node or name)");
            }

            return;
        }

        if (ReadDocument(file.FullPath, limits) is not { } text)
        {
            found.Named(file, Invariant($"larger than {limits.MaxDocumentBytes} bytes"));
            return;
        }

        var parsed = TopologyCsvParser.Parse(new StringReader(text), file.FullPath, found.Problems);
        var unique = parsed.Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == parsed.Count;
        if (named || unique)
        {
            // A CSV with a host column that repeats hosts is a per-host table of something else.
            found.AddHosts(file.FullPath, parsed);
        }
    }

    /// <summary>Only a file whose first non-blank byte is '{' can be JSON lines (gzip is decided after inflating).</summary>
    private static bool MayBeJsonLines(DiscoveredFile file) =>
        file.Format == SourceFormat.GzipText || file.Head.AsSpan().TrimStart(" \t\r\n"u8) is var head && (head.IsEmpty || head[0] == (byte)'{');

    private static string? ReadDocument(string path, RunMetadataLimits limits)
    {
        using var stream = MetadataFile.OpenRead(path);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var buffer = new char[16 << 10];
        var text = new StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > limits.MaxDocumentBytes)
            {
                return null;
            }
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What one reading found so far.</summary>
    private sealed class Found
    {
        public List<TopologyHost> Hosts { get; } = [];

        public List<(string Path, RunFacts Facts)> Facts { get; } = [];

        public List<string> Manifests { get; } = [];

        public List<RunInputProblem> Problems { get; } = [];

        /// <summary>A problem with <paramref name="file"/>, when it is named like metadata (else it was just not metadata).</summary>
        public void Named(DiscoveredFile file, string reason)
        {
            var name = MetadataFile.LogicalName(file.FullPath);
            if (name.StartsWith("topology.", StringComparison.Ordinal) || name is "run.yaml" or "run.yml")
            {
                Problems.Add(new RunInputProblem(file.FullPath, reason));
            }
        }

        public void AddHosts(string path, List<TopologyHost> parsed)
        {
            var known = new HashSet<string>(Hosts.Select(h => h.Name), StringComparer.OrdinalIgnoreCase);
            var repeated = parsed.Where(h => !known.Add(h.Name)).Select(h => h.Name).ToList();
            if (repeated.Count > 0)
            {
                Problems.Add(new RunInputProblem(path, Invariant($"{repeated.Count} hosts listed before (first {repeated[0]}); the first entry is kept")));
            }

            Hosts.AddRange(parsed);
        }
    }
}
