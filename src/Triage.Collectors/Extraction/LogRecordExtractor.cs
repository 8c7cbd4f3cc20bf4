using System.Text;
using Triage.Rules;
using Triage.Symptoms;

namespace Triage.Collectors.Extraction;

/// <summary>
/// Extracts symptoms from shipped log records (Elasticsearch documents) through the same
/// <see cref="LogExtractor"/> as files: one extractor per (host, path) stream kept across calls, so
/// a traceback split over several records is one block; each record is fed as its own lines at
/// its offset, with its host and time as what its lines do not say themselves.
/// </summary>
public sealed class LogRecordExtractor : ILogRecordExtractor
{
    private readonly RuleSet _rules;
    private readonly string _run;
    private readonly DateTimeOffset _referenceTime;
    private readonly ExtractionLimits? _limits;
    private readonly Dictionary<(string? Host, string Path), RecordStream> _streams = [];

    /// <summary>Extracts with <paramref name="rules"/> into symptoms of <paramref name="run"/>.</summary>
    /// <param name="rules">The extraction rules.</param>
    /// <param name="run">The run the symptoms belong to.</param>
    /// <param name="referenceTime">The year reference for stamps without one when a record has no time.</param>
    /// <param name="limits">Extraction limits (default: <see cref="ExtractionLimits.Default"/>).</param>
    public LogRecordExtractor(RuleSet rules, string run, DateTimeOffset referenceTime, ExtractionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(run);
        _rules = rules;
        _run = run;
        _referenceTime = referenceTime;
        _limits = limits;
    }

    /// <inheritdoc />
    public DateTimeOffset? OpenSince => _streams.Values.Select(s => s.OpenSince).Where(t => t is not null).Min();

    /// <summary>The source id of a (host, path) stream in symptom ids.</summary>
    public static string SourceId(string? host, string path) => "shipped:" + (host ?? string.Empty) + ":" + path;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Symptom>> ExtractAsync(IReadOnlyList<LogRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var found = new List<Symptom>();
        foreach (var record in records)
        {
            var stream = Stream(record);
            var text = record.Message.EndsWith('\n') ? record.Message : record.Message + "\n";
            var start = new SourceCursor(record.Offset, stream.Lines, record.Timestamp ?? stream.LastTimestamp);
            await stream.RunAsync(Encoding.UTF8.GetBytes(text), start, finalPass: false, found, cancellationToken).ConfigureAwait(false);
            stream.LastTimestamp = record.Timestamp ?? stream.LastTimestamp;
            stream.OpenSince = stream.Extractor.HasOpenBlocks ? stream.OpenSince ?? record.Timestamp : null;
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Symptom>> FlushAsync(CancellationToken cancellationToken)
    {
        var found = new List<Symptom>();
        foreach (var stream in _streams.Values.Where(s => s.Extractor.HasOpenBlocks))
        {
            await stream.RunAsync([], new SourceCursor(0, stream.Lines, stream.LastTimestamp), finalPass: true, found, cancellationToken).ConfigureAwait(false);
            stream.OpenSince = null;
        }

        return found;
    }

    private RecordStream Stream(LogRecord record)
    {
        var key = (record.Host, record.Path);
        if (!_streams.TryGetValue(key, out var stream))
        {
            var identity = new SourceIdentity(_run, SourceId(record.Host, record.Path), record.Path, record.Timestamp ?? _referenceTime) { Host = record.Host };
            stream = new RecordStream(new LogExtractor(_rules, identity, _limits));
            _streams.Add(key, stream);
        }

        return stream;
    }

    /// <summary>One (host, path) stream: its extractor, lines so far and last known time.</summary>
    private sealed class RecordStream(LogExtractor extractor)
    {
        public LogExtractor Extractor { get; } = extractor;

        public long Lines { get; private set; }

        public DateTimeOffset? LastTimestamp { get; set; }

        public DateTimeOffset? OpenSince { get; set; }

        public async Task RunAsync(byte[] text, SourceCursor start, bool finalPass, List<Symptom> found, CancellationToken cancellationToken)
        {
            using var input = new MemoryStream(text, writable: false);
            var outcome = await Extractor.RunAsync(
                input,
                start,
                finalPass,
                (batch, _) =>
                {
                    found.AddRange(batch.Symptoms);
                    return Task.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            Lines += outcome.LinesRead;
        }
    }
}
