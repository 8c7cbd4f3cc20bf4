using Triage.Collectors.Extraction;
using Triage.Storage;

namespace Triage.Collectors.Collection;

/// <summary>
/// Decides, from the files present and the stored checkpoints, where each file is read from:
/// resume a file that only grew; restart (new source id generation) a file that was truncated or
/// replaced; and let a rotated file (<c>node.log</c> → <c>node.log.1</c>) keep its checkpoint and
/// source id, so that rotation neither loses nor duplicates. Pure: no I/O.
/// </summary>
internal static class SourcePlanner
{
    /// <summary>Rotation is only believed when the matching head covers at least this many bytes.</summary>
    private const int MinRotationEvidence = 64;

    public static IReadOnlyList<SourcePlan> Plan(IReadOnlyList<DiscoveredFile> files, IReadOnlyList<SourceCheckpoint> checkpoints)
    {
        var byPath = checkpoints.ToDictionary(c => c.Path, StringComparer.Ordinal);
        var filesByPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var usedSourceIds = new HashSet<string>(checkpoints.Select(c => c.SourceId), StringComparer.Ordinal);
        var plans = new List<SourcePlan>(files.Count);
        foreach (var file in files)
        {
            var fingerprint = Fingerprints.Of(file);
            if (byPath.TryGetValue(file.Path, out var cp))
            {
                if (StillValid(cp, file))
                {
                    var upToDate = cp.Complete && file.Format is SourceFormat.GzipText or SourceFormat.ElfCore or SourceFormat.Minidump;
                    plans.Add(new SourcePlan(file, cp.SourceId, fingerprint, Cursor(cp), upToDate, null, false));
                    continue;
                }

                plans.Add(new SourcePlan(file, NextGeneration(cp.SourceId, usedSourceIds), fingerprint, SourceCursor.Start, false, null, true));
                continue;
            }

            var rotated = FindRotationSource(file, checkpoints, filesByPath);
            if (rotated is not null)
            {
                plans.Add(new SourcePlan(file, rotated.SourceId, fingerprint, Cursor(rotated), false, rotated.Path, false));
                continue;
            }

            var id = usedSourceIds.Contains(file.Path) ? NextGeneration(file.Path, usedSourceIds) : file.Path;
            usedSourceIds.Add(id);
            plans.Add(new SourcePlan(file, id, fingerprint, SourceCursor.Start, false, null, false));
        }

        return plans;
    }

    private static SourceCursor Cursor(SourceCheckpoint cp) => new(cp.Offset, cp.Line, cp.LastTimestamp);

    private static bool StillValid(SourceCheckpoint cp, DiscoveredFile file) =>
        Fingerprints.Matches(cp.Fingerprint, file) && (file.Format == SourceFormat.GzipText || file.Length >= cp.Offset);

    /// <summary>
    /// A checkpoint of a sibling whose name this file's name extends (<c>x.log</c> → <c>x.log.1</c>,
    /// <c>x.log-20260321</c>), whose fingerprint this file matches, and whose own path no longer holds that content.
    /// </summary>
    private static SourceCheckpoint? FindRotationSource(
        DiscoveredFile file, IReadOnlyList<SourceCheckpoint> checkpoints, Dictionary<string, DiscoveredFile> filesByPath)
    {
        if (file.Format != SourceFormat.Text)
        {
            return null;
        }

        var dir = Directory(file.Path);
        SourceCheckpoint? best = null;
        foreach (var cp in checkpoints)
        {
            if (cp.Path.Length >= file.Path.Length
                || !file.Path.StartsWith(cp.Path, StringComparison.Ordinal)
                || !string.Equals(Directory(cp.Path), dir, StringComparison.Ordinal)
                || Fingerprints.CoveredBytes(cp.Fingerprint) < MinRotationEvidence
                || !Fingerprints.Matches(cp.Fingerprint, file)
                || file.Length < cp.Offset)
            {
                continue;
            }

            if (filesByPath.TryGetValue(cp.Path, out var current) && Fingerprints.Matches(cp.Fingerprint, current))
            {
                continue; // the original is still there: this is a copy, not a rotation
            }

            if (best is null || cp.Path.Length > best.Path.Length)
            {
                best = cp;
            }
        }

        return best;
    }

    private static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static string NextGeneration(string sourceId, HashSet<string> used)
    {
        var hash = sourceId.LastIndexOf('#');
        var stem = hash > 0 ? sourceId[..hash] : sourceId;
        for (var generation = 2; ; generation++)
        {
            var candidate = $"{stem}#{generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
