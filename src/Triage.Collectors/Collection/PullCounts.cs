namespace Triage.Collectors.Collection;

/// <summary>
/// What <see cref="StreamSourceCollector"/> read from nodes, summed over calls. Thread-safe: several
/// nodes are pulled at once and add to one instance.
/// </summary>
public sealed class PullCounts
{
    private long _sources;
    private long _bytes;
    private long _lines;
    private long _found;
    private long _new;
    private long _failures;
    private long _skipped;

    /// <summary>Sources (files, journals, dumps) read.</summary>
    public long Sources => Interlocked.Read(ref _sources);

    /// <summary>Bytes read (decompressed; rendered text for journals).</summary>
    public long BytesRead => Interlocked.Read(ref _bytes);

    /// <summary>Lines read.</summary>
    public long LinesRead => Interlocked.Read(ref _lines);

    /// <summary>Symptoms extracted, including ones already stored.</summary>
    public long SymptomsFound => Interlocked.Read(ref _found);

    /// <summary>Symptoms the store did not have.</summary>
    public long SymptomsNew => Interlocked.Read(ref _new);

    /// <summary>Recorded failures (unreachable nodes, unreadable or damaged sources).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Recorded skips (binary files, dumps without a crash).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    internal void AddSource() => Interlocked.Increment(ref _sources);

    internal void AddRead(long bytes, long lines)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _lines, lines);
    }

    internal void AddSymptoms(long found, long stored)
    {
        Interlocked.Add(ref _found, found);
        Interlocked.Add(ref _new, stored);
    }

    /// <summary>Counts one recorded failure (or skip).</summary>
    public void AddProblem(bool skipped)
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
}
