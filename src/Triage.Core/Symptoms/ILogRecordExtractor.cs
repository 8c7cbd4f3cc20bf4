namespace Triage.Symptoms;

/// <summary>
/// Turns log records, in the order they were read, into symptoms with the same rules as log files.
/// Records of one (host, path) continue each other, so a multi-line block (a traceback) may span
/// several records and calls. Not thread-safe.
/// </summary>
public interface ILogRecordExtractor
{
    /// <summary>
    /// The earliest time of a record that opened a block still waiting for more lines, or null.
    /// A resumed read must start no later than this, or the block would be lost.
    /// </summary>
    DateTimeOffset? OpenSince { get; }

    /// <summary>Extracts from the next records; symptoms of blocks still open come later.</summary>
    Task<IReadOnlyList<Symptom>> ExtractAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellationToken);

    /// <summary>Closes every open block (there are no more records for now) and returns its symptoms.</summary>
    Task<IReadOnlyList<Symptom>> FlushAsync(CancellationToken cancellationToken);
}
