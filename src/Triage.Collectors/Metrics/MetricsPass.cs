using System.Globalization;
using Triage.Symptoms;

namespace Triage.Collectors.Metrics;

/// <summary>
/// Reads a run's metrics files together, in step order (a k-way merge on attempt and step, so that
/// per-rank files meet their peers at each step), through one <see cref="MetricsAnalyzer"/>, and
/// turns its findings into symptoms. One pass, one row per file in memory; a file is closed as soon
/// as it has no rows left. Logs (<see cref="MetricsFormat.LogLines"/>) should come after the metrics
/// files, so that at a step a metrics file's row is analysed before a log line's. A file that cannot be
/// read or is damaged is reported in <see cref="FileResult.Error"/> / its problems; nothing throws
/// but cancellation. Not thread-safe.
/// </summary>
internal sealed class MetricsPass(string run, MetricsOptions options)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What reading one file gave.</summary>
    /// <param name="File">The file.</param>
    /// <param name="Consumed">Bytes consumed (whole rows): the checkpoint offset.</param>
    /// <param name="Rows">Rows kept.</param>
    /// <param name="Attempts">Attempts seen.</param>
    /// <param name="Problems">What was wrong, counted.</param>
    /// <param name="Error">Why it could not be read, or null.</param>
    internal sealed record FileResult(MetricsSourceFile File, long Consumed, long Rows, int Attempts, MetricsProblems Problems, string? Error);

    /// <summary>The analyzer, for progress (hang detection) after <see cref="Run"/>.</summary>
    public MetricsAnalyzer Analyzer { get; } = new(options);

    /// <summary>Reads <paramref name="files"/>; returns the symptoms (in file and offset order) and one result per file.</summary>
    public (IReadOnlyList<Symptom> Symptoms, IReadOnlyList<FileResult> Files) Run(IReadOnlyList<MetricsSourceFile> files, CancellationToken cancellationToken)
    {
        var readers = new MetricsFileReader?[files.Count];
        var rows = new MetricRow[files.Count];
        var errors = new string?[files.Count];
        var queue = new PriorityQueue<int, (int Attempt, long Step, int File)>();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                rows[i] = new MetricRow();
                try
                {
                    readers[i] = new MetricsFileReader(files[i].FullPath, files[i].Path, files[i].Format, options);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    errors[i] = ex.Message;
                    continue;
                }

                Next(i);
            }

            foreach (var (i, _) in queue.UnorderedItems)
            {
                Analyzer.Cover(rows[i]);
            }

            var n = 0;
            while (queue.TryDequeue(out var i, out _))
            {
                if ((++n & 0xffff) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Analyzer.Add(rows[i], i);
                Next(i);
            }

            var findings = Analyzer.Finish();
            var symptoms = findings.Select(f => ToSymptom(f, files[f.At.File])).ToList();
            var results = files.Select((f, i) => new FileResult(
                f, readers[i]?.Consumed ?? 0, readers[i]?.Rows ?? 0, readers[i]?.Attempts ?? 0, readers[i]?.Problems ?? new MetricsProblems(), errors[i])).ToList();
            return (symptoms, results);
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader?.Dispose();
            }
        }

        void Next(int i)
        {
            try
            {
                if (readers[i]!.TryRead(rows[i]))
                {
                    queue.Enqueue(i, (rows[i].Attempt, rows[i].Step, i));
                }
                else
                {
                    readers[i]!.Dispose(); // at most the files with rows left stay open (most logs have no iteration lines)
                }
            }
            catch (IOException ex)
            {
                errors[i] = ex.Message;
            }
        }
    }

    /// <summary>
    /// The symptom of <paramref name="finding"/>, its id made from the file's source id, offset, rule
    /// and signature. The signature is part of it because one row can hold several findings of one
    /// rule: <c>metrics.nan</c> fires for the loss and for the grad norm of the same row, and with
    /// (offset, rule) alone the second got the first's id and was never stored.
    /// </summary>
    public Symptom ToSymptom(MetricsFinding finding, MetricsSourceFile file)
    {
        var attrs = new Dictionary<string, string>(finding.Attrs, StringComparer.Ordinal)
        {
            ["attempt"] = finding.Attempt.ToString(Inv),
        };
        SymptomKinds.TryGet(finding.Kind, out var kind);
        return new Symptom
        {
            Id = SymptomId.Create(run, file.SourceId, finding.At.Offset, finding.Rule + "/" + finding.Signature),
            Timestamp = finding.At.Time,
            Run = run,
            // A log's global series (Megatron prints the run's loss on its last rank) is not the host's whose log it is in.
            Host = file.Format == MetricsFormat.LogLines && finding.Rank < 0 ? null : Lines.PathFacts.Parse(file.Path).Host,
            Rank = finding.Rank >= 0 ? finding.Rank : null,
            Kind = finding.Kind,
            Category = kind?.DefaultCategory ?? SymptomCategory.Unknown,
            Severity = finding.Severity ?? SeverityOf(finding.Kind),
            Signature = finding.Signature,
            Message = finding.Message,
            Source = new SymptomSource(file.Path, finding.At.Line, finding.At.Offset),
            Rule = finding.Rule,
            Attrs = attrs,
        };
    }

    private static Severity SeverityOf(string kind) => kind switch
    {
        "train.nan" or "train.straggler" or "train.hang" => Severity.Error,
        _ => Severity.Warning,
    };
}
