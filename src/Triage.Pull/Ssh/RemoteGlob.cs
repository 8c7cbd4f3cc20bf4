using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Renci.SshNet;
using Renci.SshNet.Sftp;

namespace Triage.Pull.Ssh;

/// <summary>
/// Expands a path glob on a node through SFTP listings, never through a remote shell: <c>*</c> and
/// <c>?</c> within a path segment, <c>[abc]</c> classes, <c>**</c> for any depth (at most
/// <see cref="MaxDepth"/>). A relative pattern is relative to the SFTP home directory. Yields regular
/// files (links are followed to regular files), in ordinal order within a directory.
/// </summary>
internal static class RemoteGlob
{
    public const int MaxDepth = 16;

    public static async IAsyncEnumerable<(string Path, ISftpFile File)> ExpandAsync(
        SftpClient sftp, string pattern, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var absolute = pattern.StartsWith('/') ? pattern : sftp.WorkingDirectory.TrimEnd('/') + "/" + pattern;
        var segments = absolute.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var hit in WalkAsync(sftp, "/", segments, 0, 0, cancellationToken).ConfigureAwait(false))
        {
            if (seen.Add(hit.Path))
            {
                yield return hit;
            }
        }
    }

    public static bool IsPattern(string segment) => segment.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    private static async IAsyncEnumerable<(string Path, ISftpFile File)> WalkAsync(
        SftpClient sftp, string dir, string[] segments, int index, int depth, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (index >= segments.Length || depth > MaxDepth)
        {
            yield break;
        }

        var segment = segments[index];
        var last = index == segments.Length - 1;
        if (segment == "**" && last)
        {
            // As bash's globstar: a trailing ** is every file below.
            foreach (var entry in await ListAsync(sftp, dir, cancellationToken).ConfigureAwait(false))
            {
                if (entry.IsRegularFile)
                {
                    yield return (entry.FullName, entry);
                }
                else if (entry.IsDirectory && depth < MaxDepth)
                {
                    await foreach (var hit in WalkAsync(sftp, entry.FullName, segments, index, depth + 1, cancellationToken).ConfigureAwait(false))
                    {
                        yield return hit;
                    }
                }
            }

            yield break;
        }

        if (segment == "**")
        {
            await foreach (var hit in WalkAsync(sftp, dir, segments, index + 1, depth, cancellationToken).ConfigureAwait(false))
            {
                yield return hit;
            }

            foreach (var sub in await ListAsync(sftp, dir, cancellationToken).ConfigureAwait(false))
            {
                if (sub.IsDirectory)
                {
                    await foreach (var hit in WalkAsync(sftp, sub.FullName, segments, index, depth + 1, cancellationToken).ConfigureAwait(false))
                    {
                        yield return hit;
                    }
                }
            }

            yield break;
        }

        if (!IsPattern(segment))
        {
            var path = Join(dir, segment);
            if (last)
            {
                if (await StatAsync(sftp, path, cancellationToken).ConfigureAwait(false) is { IsRegularFile: true } file)
                {
                    yield return (path, file);
                }
            }
            else
            {
                await foreach (var hit in WalkAsync(sftp, path, segments, index + 1, depth + 1, cancellationToken).ConfigureAwait(false))
                {
                    yield return hit;
                }
            }

            yield break;
        }

        var regex = ToRegex(segment);
        foreach (var entry in await ListAsync(sftp, dir, cancellationToken).ConfigureAwait(false))
        {
            if (!regex.IsMatch(entry.Name) || (entry.Name.StartsWith('.') && !segment.StartsWith('.')))
            {
                continue;
            }

            var target = entry.IsSymbolicLink ? await StatAsync(sftp, entry.FullName, cancellationToken).ConfigureAwait(false) : entry;
            if (last && target is { IsRegularFile: true })
            {
                yield return (entry.FullName, target);
            }
            else if (!last && target is { IsDirectory: true })
            {
                await foreach (var hit in WalkAsync(sftp, entry.FullName, segments, index + 1, depth + 1, cancellationToken).ConfigureAwait(false))
                {
                    yield return hit;
                }
            }
        }
    }

    private static async Task<List<ISftpFile>> ListAsync(SftpClient sftp, string dir, CancellationToken cancellationToken)
    {
        var entries = new List<ISftpFile>();
        try
        {
            await foreach (var entry in sftp.ListDirectoryAsync(dir, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Name is not ("." or ".."))
                {
                    entries.Add(entry);
                }
            }
        }
        catch (Exception ex) when (ex is Renci.SshNet.Common.SftpPathNotFoundException or Renci.SshNet.Common.SftpPermissionDeniedException)
        {
            return entries; // as a shell glob: a directory that is not there matches nothing
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static async Task<ISftpFile?> StatAsync(SftpClient sftp, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await sftp.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Renci.SshNet.Common.SftpPathNotFoundException or Renci.SshNet.Common.SftpPermissionDeniedException)
        {
            return null;
        }
    }

    private static string Join(string dir, string name) => dir.EndsWith('/') ? dir + name : dir + "/" + name;

    private static Regex ToRegex(string segment)
    {
        var text = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    text.Append(".*");
                    break;
                case '?':
                    text.Append('.');
                    break;
                case '[' when segment.IndexOf(']', i + 1) is var close && close > i + 1:
                    var body = segment[(i + 1)..close];
                    var negate = body.StartsWith('!') || body.StartsWith('^');
                    text.Append(negate ? "[^" : "[").Append(Regex.Escape(negate ? body[1..] : body).Replace(@"\-", "-", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    text.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }
}
