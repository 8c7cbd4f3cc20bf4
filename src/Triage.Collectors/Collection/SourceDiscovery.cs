namespace Triage.Collectors.Collection;

/// <summary>
/// Walks a run directory: every regular file, in ordinal path order, without following directory
/// links (no cycles) and skipping the store's own <c>.triage</c> folder. An unreadable directory
/// or file is reported, not thrown.
/// </summary>
internal static class SourceDiscovery
{
    public static (IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<(string Path, string Reason)> Problems) Discover(string root)
    {
        var files = new List<DiscoveredFile>();
        var problems = new List<(string, string)>();
        var pending = new Stack<string>();
        pending.Push(root);
        var head = new byte[FileSniffer.HeadBytes];
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToArray();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add((Relative(root, dir), $"directory not readable: {ex.Message}"));
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo sub)
                {
                    if (sub.LinkTarget is null && !string.Equals(sub.Name, ".triage", StringComparison.Ordinal))
                    {
                        pending.Push(sub.FullName);
                    }

                    continue;
                }

                if (entry is not FileInfo info)
                {
                    continue;
                }

                if (TryDescribe(root, info, head, out var file, out var reason))
                {
                    files.Add(file);
                }
                else
                {
                    problems.Add((Relative(root, entry.FullName), reason ?? "not readable"));
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return (files, problems);
    }

    private static bool TryDescribe(string root, FileInfo info, byte[] head, out DiscoveredFile file, out string? reason)
    {
        file = null!;
        reason = null;
        try
        {
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true })
            {
                reason = "dangling link";
                return false;
            }

            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var bytes = head.AsSpan(0, n).ToArray();
            var format = FileSniffer.Sniff(bytes);
            file = new DiscoveredFile(info.FullName, Relative(root, info.FullName), stream.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), format, bytes);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = $"not readable: {ex.Message}";
            return false;
        }
    }

    private static string Relative(string root, string path)
    {
        var relative = System.IO.Path.GetRelativePath(root, path);
        return System.IO.Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(System.IO.Path.DirectorySeparatorChar, '/');
    }
}
