using System.Globalization;
using System.Text;

namespace Triage.Pull.Slurm;

/// <summary>
/// One <c>scontrol show job</c> record's output files. Slurm prints <c>StdOut</c>/<c>StdErr</c> as given to sbatch,
/// with filename patterns (sbatch(1), "filename pattern") left in when it cannot or did not expand them — a 2018 Slurm
/// prints <c>job-%x-1673292.log</c>, later versions still leave <c>%N</c> — so they are expanded here from the record:
/// <c>%j</c> job id, <c>%A</c> array job id, <c>%a</c> array task id, <c>%x</c> job name, <c>%u</c> user, <c>%N</c> the
/// batch host, <c>%%</c>; a digit between <c>%</c> and the letter pads with zeros (<c>%4a</c>). Other patterns
/// (<c>%J %s %t %n</c>) are left, and a relative path is taken from <c>WorkDir</c>.
/// </summary>
/// <param name="BatchHost">The node the batch script ran on, if known.</param>
/// <param name="StdOut">StdOut as printed.</param>
/// <param name="StdErr">StdErr as printed.</param>
/// <param name="Fields">The record's other fields (JobId, ArrayJobId, ArrayTaskId, JobName, UserId, WorkDir) for pattern expansion.</param>
public sealed record SlurmJobOutput(string? BatchHost, string? StdOut, string? StdErr, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The record's output of one <c>scontrol show job</c> record.</summary>
    public static SlurmJobOutput FromRecord(IReadOnlyDictionary<string, string> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SlurmJobOutput(ScontrolParser.Value(record, "BatchHost"), ScontrolParser.Value(record, "StdOut"), ScontrolParser.Value(record, "StdErr"), record);
    }

    /// <summary>StdOut and StdErr, patterns expanded, absolute, once each.</summary>
    public IReadOnlyList<string> Paths()
    {
        var paths = new List<string>();
        foreach (var raw in new[] { StdOut, StdErr })
        {
            if (raw is not { Length: > 0 } || raw == "/dev/null")
            {
                continue;
            }

            var path = Expand(raw);
            if (!path.StartsWith('/') && ScontrolParser.Value(Fields, "WorkDir") is { } dir && dir.StartsWith('/'))
            {
                path = dir.TrimEnd('/') + "/" + path;
            }

            if (path.StartsWith('/') && !paths.Contains(path, StringComparer.Ordinal))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private string Expand(string pattern)
    {
        if (!pattern.Contains('%', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal))
        {
            return pattern; // a backslash turns expansion off (sbatch(1))
        }

        var text = new StringBuilder(pattern.Length + 16);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 >= pattern.Length)
            {
                text.Append(pattern[i]);
                continue;
            }

            var j = i + 1;
            while (j < pattern.Length && char.IsAsciiDigit(pattern[j]) && j - i <= 2)
            {
                j++;
            }

            var width = j > i + 1 ? int.Parse(pattern.AsSpan(i + 1, j - i - 1), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            string? value = j < pattern.Length ? pattern[j] switch
            {
                '%' when width == 0 => "%",
                'j' => Number("JobId", width),
                'A' => Number("ArrayJobId", width) ?? Number("JobId", width),
                'a' => Number("ArrayTaskId", width),
                'x' => ScontrolParser.Value(Fields, "JobName"),
                'u' => ScontrolParser.Value(Fields, "UserId") is { } user ? user.Split('(')[0] : null,
                'N' => BatchHost?.Split('.')[0],
                _ => null,
            } : null;
            if (value is null)
            {
                text.Append(pattern[i]);
                continue;
            }

            text.Append(value);
            i = j;
        }

        return text.ToString();
    }

    private string? Number(string key, int width) =>
        ScontrolParser.Value(Fields, key) is { } v && v.All(char.IsAsciiDigit) ? v.PadLeft(width, '0') : null;
}
