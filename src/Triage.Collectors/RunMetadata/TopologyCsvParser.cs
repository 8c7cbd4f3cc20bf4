using System.Globalization;
using Triage.Runs;

namespace Triage.Collectors.RunMetadata;

/// <summary>
/// Reads topology hosts from CSV: a header row with a host-name column (<c>host</c>, <c>hostname</c>,
/// <c>host_name</c>, <c>node</c>, <c>nodename</c>, <c>node_name</c> or <c>name</c>, any case, the first
/// present); every other column is a component attribute (empty cells are left out) and <c>gpus</c>
/// a GPU count. Fields may be double-quoted (RFC 4180, one line each).
/// </summary>
internal static class TopologyCsvParser
{
    private static readonly string[] NameColumns = ["host", "hostname", "host_name", "node", "nodename", "node_name", "name"];

    /// <summary>The column names of <paramref name="headerLine"/>, trimmed and lower-cased (a BOM dropped).</summary>
    public static List<string> Header(string headerLine) => Split(headerLine.TrimStart('\uFEFF')).ConvertAll(h => h.Trim().ToLowerInvariant());

    /// <summary>Whether a header makes the file a topology (a host column and no per-step/time column).</summary>
    public static bool IsTopologyHeader(List<string> header) =>
        HostColumn(header) >= 0 && !header.Contains("step") && !header.Contains("time") && !header.Contains("timestamp");

    private static int HostColumn(List<string> header) =>
        NameColumns.Select(c => header.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);

    /// <summary>The hosts of <paramref name="reader"/> (positioned at the header); bad rows are reported, not thrown.</summary>
    public static List<TopologyHost> Parse(TextReader reader, string path, List<RunInputProblem> problems)
    {
        var hosts = new List<TopologyHost>();
        var header = Header(reader.ReadLine() ?? string.Empty);
        var hostColumn = HostColumn(header);
        if (hostColumn < 0)
        {
            problems.Add(new RunInputProblem(path, "line 1: the header has no host column"));
            return hosts;
        }

        var lineNumber = 1;
        var badRows = 0;
        var firstBad = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var cells = Split(line);
            if (cells.Count != header.Count || string.IsNullOrWhiteSpace(cells[hostColumn]))
            {
                badRows++;
                firstBad = firstBad == 0 ? lineNumber : firstBad;
                continue;
            }

            var attributes = new List<KeyValuePair<string, string>>();
            for (var i = 0; i < header.Count; i++)
            {
                if (i != hostColumn && header[i].Length > 0 && header[i] != "gpus" && cells[i].Trim().Length > 0)
                {
                    attributes.Add(new(header[i], cells[i].Trim()));
                }
            }

            hosts.Add(new TopologyHost(cells[hostColumn].Trim(), attributes, Gpus(header, cells)));
        }

        if (badRows > 0)
        {
            problems.Add(new RunInputProblem(path, string.Create(CultureInfo.InvariantCulture,
                $"line {firstBad}: {badRows} rows without a host or with a wrong number of cells were skipped")));
        }

        return hosts;
    }

    private static List<TopologyGpu> Gpus(List<string> header, List<string> cells)
    {
        var column = header.IndexOf("gpus");
        var gpus = new List<TopologyGpu>();
        if (column >= 0 && int.TryParse(cells[column].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            for (var i = 0; i < Math.Min(count, 1024); i++)
            {
                gpus.Add(new TopologyGpu(i, null));
            }
        }

        return gpus;
    }

    private static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
