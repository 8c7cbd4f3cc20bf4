using Triage.Collectors.Collection;
using Triage.Dumps;
using Triage.Symptoms;

namespace Triage.Collectors.Dumps;

/// <summary>
/// Reads every crash dump under a run directory (recognised by content, as the collector does) and
/// groups them by crash signature, most dumps first. Snapshots without a fatal signal are left out;
/// unreadable dumps are returned as problems. Needs no store.
/// </summary>
public static class DumpSurvey
{
    /// <summary>Surveys <paramref name="runDirectory"/>.</summary>
    /// <exception cref="TriageException">The directory does not exist.</exception>
    public static (IReadOnlyList<CrashGroup> Groups, IReadOnlyList<(string Path, string Reason)> Problems, int Snapshots) Run(
        string runDirectory, DumpOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(runDirectory);
        if (!Directory.Exists(root))
        {
            throw new TriageException($"run directory '{runDirectory}' does not exist or is not a directory");
        }

        var (files, problems) = SourceDiscovery.Discover(root);
        var failed = problems.ToList();
        var crashes = new List<(Symptom Symptom, DumpReport Report)>();
        var snapshots = 0;
        foreach (var file in files.Where(f => f.Format is SourceFormat.ElfCore or SourceFormat.Minidump))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var report = DumpReader.Read(file.FullPath, options);
                if (DumpSymptoms.Create(report, "survey", file.Path, file.Path, file.LastWriteUtc) is { } symptom)
                {
                    crashes.Add((symptom, report));
                }
                else
                {
                    snapshots++;
                }
            }
            catch (DumpReadException ex)
            {
                failed.Add((file.Path, ex.Reason));
            }
        }

        var groups = crashes
            .GroupBy(c => c.Symptom.Signature, StringComparer.Ordinal)
            .Select(g => new CrashGroup(
                g.Key,
                [.. g.Select(c => c.Symptom.Attrs["signal"]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                g.Select(c => (c.Report.SignatureFrame ?? c.Report.Stack.FirstOrDefault())?.ToString()).FirstOrDefault(),
                [.. g.Select(c => c.Symptom.Source.Path).Order(StringComparer.Ordinal)],
                [.. g.Select(c => c.Symptom.Host).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. g.Select(c => c.Symptom.Rank).OfType<int>().Distinct().Order()],
                g.Min(c => c.Symptom.Timestamp!.Value),
                g.Max(c => c.Symptom.Timestamp!.Value)))
            .OrderByDescending(g => g.Paths.Count).ThenBy(g => g.First).ThenBy(g => g.Signature, StringComparer.Ordinal)
            .ToList();
        return (groups, failed, snapshots);
    }
}
