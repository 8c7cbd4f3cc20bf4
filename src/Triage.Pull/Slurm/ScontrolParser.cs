namespace Triage.Pull.Slurm;

/// <summary>
/// Parses <c>scontrol show job ID</c> output (https://slurm.schedmd.com/scontrol.html): <c>Key=Value</c> pairs
/// separated by spaces and line breaks, a value running on over following words that are not <c>Key=</c>
/// (a path with spaces, a command over several lines), <c>(null)</c> for none. Several records — the tasks of a
/// job array, the components of a heterogeneous job — are separated by blank lines. <c>JobName</c> is the last
/// field of a record's first line and may hold spaces and <c>=</c> (<c>JobName=python main.py seed=1</c>): it runs
/// to the end of that line (or to <c> UserId=</c> in one-line output). And <c>scontrol show hostnames LIST</c> /
/// <c>sacct -X -n -P -o NodeList</c>: one name a line.
/// </summary>
public static class ScontrolParser
{
    /// <summary>The fields of the first record, by key (ordinal).</summary>
    public static IReadOnlyDictionary<string, string> ParseJob(IEnumerable<string> lines) =>
        ParseJobs(lines) is [var first, ..] ? first : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every record (a job, each task of an array, each component of a heterogeneous job), in output order.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseJobs(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var records = new List<IReadOnlyDictionary<string, string>>();
        Dictionary<string, string>? fields = null;
        string? last = null;
        foreach (var raw in lines)
        {
            var line = raw;
            if (line.Trim().Length == 0)
            {
                fields = null;
                continue;
            }

            if (fields is null)
            {
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                records.Add(fields);
                last = null;
            }

            var name = line.IndexOf(" JobName=", StringComparison.Ordinal);
            if (name >= 0 && line.TrimStart().StartsWith("JobId=", StringComparison.Ordinal))
            {
                var value = line[(name + " JobName=".Length)..];
                var user = value.IndexOf(" UserId=", StringComparison.Ordinal);
                fields.TryAdd("JobName", (user >= 0 ? value[..user] : value).Trim());
                line = line[..name] + (user >= 0 ? value[user..] : string.Empty);
                last = null;
            }

            foreach (var word in line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = word.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && IsKey(word.AsSpan(0, eq)))
                {
                    last = word[..eq];
                    fields.TryAdd(last, word[(eq + 1)..]);
                }
                else if (last is not null && fields.TryGetValue(last, out var value))
                {
                    fields[last] = value + " " + word;
                }
            }
        }

        return records;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent, empty or <c>(null)</c>.</summary>
    public static string? Value(IReadOnlyDictionary<string, string> fields, string key)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue(key, out var v) && v.Length > 0 && v != "(null)" && v != "None" ? v : null;
    }

    /// <summary>Node names from one-name-a-line output; blank lines and <c>None assigned</c> are skipped.</summary>
    public static IReadOnlyList<string> ParseNames(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains(' ', StringComparison.Ordinal) && l != "(null)").Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsKey(ReadOnlySpan<char> key)
    {
        if (!char.IsAsciiLetterUpper(key[0]) && !char.IsAsciiLetterLower(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or ':' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
