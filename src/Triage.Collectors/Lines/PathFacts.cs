namespace Triage.Collectors.Lines;

/// <summary>
/// Host and rank as the path of a log file inside the run directory says them, used when the lines do not:
/// <c>node-017/stdout.log</c>, <c>node-017.log</c>, <c>logs/node-017/rank-3.log</c>, <c>rank-0042.out</c>,
/// <c>rank_12.log</c>, <c>train_ds_node-017_rank3.txt</c>, Kubernetes pod names such as <c>job-worker-3</c>,
/// and torchelastic's log directory <c>{log_dir}/{run_id}_{random}/attempt_{N}/{local_rank}/stdout.log</c> (also
/// <c>stderr.log</c>, <c>error.json</c>): <c>attempt_N</c> is the restart attempt and the number below it the
/// LOCAL rank (the worker's index on its node), never a global rank; the run directory above it names no host.
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
    public static PathInfo Parse(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        string? host = null;
        int? rank = null;
        int? localRank = null;
        int? attempt = null;
        var runDirectory = -1;
        for (var i = segments.Length - 1; i >= Math.Max(0, segments.Length - MaxSegments); i--)
        {
            if (attempt is null && TryParseAttempt(segments[i], out var n))
            {
                attempt = n;
                runDirectory = i - 1;
                if (i + 2 < segments.Length && TryParseRank(segments[i + 1], out var local))
                {
                    localRank = local;
                }

                continue;
            }

            if (i == runDirectory)
            {
                continue;
            }

            var (segmentHost, segmentRank) = ParseSegment(segments[i]);
            host ??= segmentHost;
            rank ??= segmentRank;
        }

        return new PathInfo(host, rank) { LocalRank = localRank, Attempt = attempt };
    }

    /// <summary>torchelastic's <c>attempt_3</c>.</summary>
    private static bool TryParseAttempt(string segment, out int attempt)
    {
        attempt = 0;
        return segment.StartsWith("attempt_", StringComparison.Ordinal) && TryParseRank(segment.AsSpan(8), out attempt);
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

/// <summary>What a log file's path says about who wrote it (<see cref="PathFacts"/>).</summary>
/// <param name="Host">Host (or pod) name.</param>
/// <param name="Rank">Global rank (<c>rank-3.log</c>).</param>
internal readonly record struct PathInfo(string? Host, int? Rank)
{
    /// <summary>Local rank: the worker directory of a torchelastic log dir (<c>attempt_0/3/stderr.log</c>).</summary>
    public int? LocalRank { get; init; }

    /// <summary>Restart attempt of a torchelastic log dir (<c>attempt_2/...</c>).</summary>
    public int? Attempt { get; init; }
}
