using Triage.Runs;

namespace Triage.Collectors.Collection;

/// <summary>A pass's counters; files collected in parallel add to them under a lock.</summary>
internal sealed class CollectTotals(string run)
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string Path, string Reason)> _recorded = [];
    private long _bytes;
    private long _lines;
    private long _found;
    private long _fresh;
    private int _failures;
    private int _skipped;

    public string Run { get; } = run;

    public int Files { get; set; }

    public long BytesRead => Interlocked.Read(ref _bytes);

    public long SymptomsFound => Interlocked.Read(ref _found);

    public RunInputs Inputs { get; set; } = RunInputs.None;

    public void Count(long bytes = 0, long lines = 0, long found = 0, long fresh = 0)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _lines, lines);
        Interlocked.Add(ref _found, found);
        Interlocked.Add(ref _fresh, fresh);
    }

    /// <summary>False when this problem was recorded before (following: in an earlier poll).</summary>
    public bool Remember(string path, string reason)
    {
        lock (_gate)
        {
            return _recorded.Add((path, reason));
        }
    }

    public void Problem(bool skipped)
    {
        if (skipped)
        {
            Interlocked.Increment(ref _skipped);
        }
        else
        {
            Interlocked.Increment(ref _failures);
        }
    }

    public CollectResult ToResult() => new(
        Run, Files, BytesRead, Interlocked.Read(ref _lines), SymptomsFound, Interlocked.Read(ref _fresh), Volatile.Read(ref _failures), Volatile.Read(ref _skipped)) { Inputs = Inputs };
}
