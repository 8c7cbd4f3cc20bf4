namespace Triage.Collectors.Lines;

/// <summary>
/// Host and rank as the path of a log file inside the run directory says them, used when the lines do not:
/// <c>node-017/stdout.log</c>, <c>node-017.log</c>, <c>logs/node-017/rank-3.log</c>, <c>rank-0042.out</c>,
/// <c>rank_12.log</c>, <c>train_ds_node-017_rank3.txt</c>, Kubernetes pod names such as <c>job-worker-3</c>.
/// </summary>
/// <remarks>
/// A name counts as a host when it starts with a letter, ends with a digit and is not a word that numbers
/// something else (<c>slurm-12345</c>, <c>epoch3</c>, <c>attempt_0</c>, <c>log-2024-03-21</c>). A Kubernetes
/// worker (<c>worker-3</c>) is a pod, hence a host, not a rank. The segment nearest the file wins.
/// </remarks>
internal static class PathFacts
{
    private const int MaxSegments = 16;
    private const int MaxHostLength = 63;
    private const int MaxRankDigits = 7;

    private static readonly HashSet<string> NotHostWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "attempt", "backup", "batch", "checkpoint", "ckpt", "chunk", "core", "data", "day", "dmesg", "dump",
        "epoch", "err", "error", "eval", "event", "events", "exp", "experiment", "file", "iter", "iteration",
        "job", "journal", "kern", "kernel", "log", "logs", "messages", "metrics", "out", "output", "part",
        "phase", "pid", "proc", "process", "rank", "round", "run", "sample", "seed", "shard", "slurm", "stage",
        "stderr", "stdout", "step", "syslog", "task", "temp", "test", "tmp", "train", "training", "trial",
        "v", "val", "ver", "version",
    };

    /// <summary>Reads host and rank from <paramref name="relativePath"/> ('/' or '\' separators).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is null.</exception>
    public static (string? Host, int? Rank) Parse(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        string? host = null;
        int? rank = null;
        for (var i = segments.Length - 1; i >= Math.Max(0, segments.Length - MaxSegments); i--)
        {
            var (segmentHost, segmentRank) = ParseSegment(segments[i]);
            host ??= segmentHost;
            rank ??= segmentRank;
        }

        return (host, rank);
    }

    private static (string? Host, int? Rank) ParseSegment(string segment)
    {
        // Tokens are runs of letters, digits and '-': '_' and '.' separate (rank_12, node-017.log).
        var tokens = segment.Split(
            [' ', '_', '.', ',', '+', '=', '@', ':', '(', ')', '[', ']'], StringSplitOptions.RemoveEmptyEntries);
        string? host = null;
        int? rank = null;
        for (var i = 0; i < tokens.Length; i++)
        {
            var parts = tokens[i].Split('-');
            var rankAt = FindRank(parts, out var tokenRank);
            if (rankAt < 0 && parts.Length == 1 && IsRankWord(parts[0]) && i + 1 < tokens.Length
                && TryParseRank(tokens[i + 1], out tokenRank))
            {
                rankAt = 0;
                i++;
            }

            rank ??= rankAt >= 0 ? tokenRank : null;
            var hostCandidate = rankAt < 0 ? tokens[i] : string.Join('-', parts, 0, rankAt);
            if (host is null && LooksLikeHost(hostCandidate))
            {
                host = hostCandidate;
            }
        }

        return (host, rank);
    }

    // "rank3", "rank-3" (two parts) or "rank" "3"; returns the index of the "rank" part.
    private static int FindRank(string[] parts, out int rank)
    {
        rank = 0;
        for (var k = 0; k < parts.Length; k++)
        {
            var part = parts[k];
            if (part.Length > 4 && IsRankWord(part.AsSpan(0, 4)) && TryParseRank(part.AsSpan(4), out rank))
            {
                return k;
            }

            if (IsRankWord(part) && k + 1 < parts.Length && TryParseRank(parts[k + 1], out rank))
            {
                return k;
            }
        }

        return -1;
    }

    private static bool IsRankWord(ReadOnlySpan<char> word) => word.Equals("rank", StringComparison.OrdinalIgnoreCase);

    private static bool TryParseRank(ReadOnlySpan<char> digits, out int rank)
    {
        rank = 0;
        return digits.Length is > 0 and <= MaxRankDigits
            && Chars.ReadNumber(digits, 0, MaxRankDigits, out rank) == digits.Length;
    }

    private static bool LooksLikeHost(string candidate)
    {
        if (candidate.Length is < 2 or > MaxHostLength || !char.IsAsciiLetter(candidate[0])
            || !char.IsAsciiDigit(candidate[^1]))
        {
            return false;
        }

        var wordEnd = 0;
        while (wordEnd < candidate.Length && char.IsAsciiLetter(candidate[wordEnd]))
        {
            wordEnd++;
        }

        // "job-worker-3" names a pod; "job-12345", "epoch3" and "log-2024-03-21" only number the word.
        var restIsNumbers = candidate.AsSpan(wordEnd).IndexOfAnyExcept("0123456789-") < 0;
        return !(restIsNumbers && NotHostWords.Contains(candidate[..wordEnd]));
    }
}
