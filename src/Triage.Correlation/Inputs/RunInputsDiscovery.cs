using System.Globalization;
using System.Text;
using Triage.Collectors.Json;

namespace Triage.Correlation.Inputs;

/// <summary>
/// Walks a run directory and sorts its files into run metadata. YAML and CSV files are parsed
/// (bounded); every other file is recognised from a bounded prefix (<see cref="JsonLinesSniffer"/>).
/// A file named like metadata (topology.*, run.yaml) that cannot be used is a problem; an
/// unrecognised file that is not named so is simply not metadata.
/// </summary>
internal static class RunInputsDiscovery
{
    /// <summary>See <see cref="RunInputs.Discover(string, InputLimits, CancellationToken)"/>.</summary>
    public static RunInputs Discover(string runDirectory, InputLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<InputProblem>();
        if (!Directory.Exists(runDirectory))
        {
            problems.Add(new InputProblem(runDirectory, "not a directory"));
            return RunInputs.None with { Problems = problems };
        }

        var hosts = new List<TopologyHost>();
        var facts = new List<(string Path, RunFacts Facts)>();
        var manifests = new List<string>();
        var metrics = new List<string>();
        foreach (var path in Files(runDirectory, limits, problems))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                Classify(path, limits, problems, hosts, facts, manifests, metrics);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
            {
                if (LooksNamedAsMetadata(path))
                {
                    problems.Add(new InputProblem(path, e.Message));
                }
            }
        }

        var chosen = facts.OrderBy(f => InputFile.LogicalName(f.Path) is "run.yaml" or "run.yml" ? 0 : 1).ToList();
        foreach (var (path, _) in chosen.Skip(1))
        {
            problems.Add(new InputProblem(path, "more run facts; ignored in favour of " + chosen[0].Path));
        }

        return new RunInputs(
            hosts.Count > 0 ? new Topology(hosts) : null,
            chosen.Count > 0 ? chosen[0].Facts : null,
            manifests,
            metrics,
            problems);
    }

    private static void Classify(
        string path, InputLimits limits, List<InputProblem> problems, List<TopologyHost> hosts,
        List<(string Path, RunFacts Facts)> facts, List<string> manifests, List<string> metrics)
    {
        var name = InputFile.LogicalName(path);
        if (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal))
        {
            var text = ReadDocument(path, limits);
            if (text is null)
            {
                Named(path, problems, Invariant($"larger than {limits.MaxDocumentBytes} bytes"));
                return;
            }

            YamlNode? root;
            try
            {
                root = YamlTreeLoader.Load(new StringReader(text), limits.MaxYamlDepth);
            }
            catch (InvalidDataException e)
            {
                Named(path, problems, "not valid YAML: " + e.Message);
                return;
            }

            if (TopologyParser.IsTopology(root))
            {
                AddHosts(path, TopologyParser.Parse(root!, path, problems), hosts, problems);
            }
            else if (RunFactsParser.IsRunFacts(root))
            {
                facts.Add((path, RunFactsParser.Parse(root!, path, problems)));
            }
            else
            {
                Named(path, problems, name.StartsWith("topology", StringComparison.Ordinal)
                    ? "no hosts: sequence of mappings with host:"
                    : "no world_size, attempts, or run and job_id");
            }

            return;
        }

        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            ClassifyCsv(path, name, limits, problems, hosts);
            return;
        }

        var prefix = InputFile.ReadPrefix(path, limits.SniffBytes, limits.SniffLines);
        switch (JsonLinesSniffer.Classify(prefix, prefix.Length < limits.SniffBytes, limits.SniffLines))
        {
            case JsonLinesKind.Manifest:
                manifests.Add(path);
                break;
            case JsonLinesKind.Metrics:
                metrics.Add(path);
                break;
        }
    }

    private static void ClassifyCsv(string path, string name, InputLimits limits, List<InputProblem> problems, List<TopologyHost> hosts)
    {
        var named = name.StartsWith("topology", StringComparison.Ordinal);
        string? header;
        using (var reader = new StreamReader(InputFile.OpenRead(path)))
        {
            header = reader.ReadLine();
        }

        if (header is null || !TopologyCsvParser.IsTopologyHeader(TopologyCsvParser.Header(header)))
        {
            if (named)
            {
                problems.Add(new InputProblem(path, "line 1: the header has no host column"));
            }

            return;
        }

        var text = ReadDocument(path, limits);
        if (text is null)
        {
            problems.Add(new InputProblem(path, Invariant($"larger than {limits.MaxDocumentBytes} bytes")));
            return;
        }

        var parsed = TopologyCsvParser.Parse(new StringReader(text), path, problems);
        var unique = parsed.Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == parsed.Count;
        if (named || unique)
        {
            // A CSV with a host column that repeats hosts is a per-host table of something else.
            AddHosts(path, parsed, hosts, problems);
        }
    }

    private static void AddHosts(string path, List<TopologyHost> parsed, List<TopologyHost> hosts, List<InputProblem> problems)
    {
        var known = new HashSet<string>(hosts.Select(h => h.Name), StringComparer.OrdinalIgnoreCase);
        var repeated = parsed.Where(h => !known.Add(h.Name)).Select(h => h.Name).ToList();
        if (repeated.Count > 0)
        {
            problems.Add(new InputProblem(path, Invariant($"{repeated.Count} hosts listed before (first {repeated[0]}); the first entry is kept")));
        }

        hosts.AddRange(parsed);
    }

    private static string? ReadDocument(string path, InputLimits limits)
    {
        using var stream = InputFile.OpenRead(path);
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

    private static IEnumerable<string> Files(string root, InputLimits limits, List<InputProblem> problems)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            MaxRecursionDepth = limits.MaxDirectoryDepth,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            if (files.Count >= limits.MaxFiles)
            {
                problems.Add(new InputProblem(root, Invariant($"more than {limits.MaxFiles} files; the rest were not looked at")));
                break;
            }

            files.Add(file);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static bool LooksNamedAsMetadata(string path)
    {
        var name = InputFile.LogicalName(path);
        return name.StartsWith("topology.", StringComparison.Ordinal) || name is "run.yaml" or "run.yml";
    }

    private static void Named(string path, List<InputProblem> problems, string reason)
    {
        if (LooksNamedAsMetadata(path))
        {
            problems.Add(new InputProblem(path, reason));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
