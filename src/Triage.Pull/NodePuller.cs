using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Triage.Collectors.Collection;
using Triage.Pull.Sources;
using Triage.Pull.Ssh;

namespace Triage.Pull;

/// <summary>
/// What is read on one connected node: the path globs (SFTP), the journal (<c>journalctl -o json</c>,
/// resumed after the stored cursor) or the kernel ring buffer (<c>dmesg -T</c> in UTC, resumed after the
/// last line stored). Every source goes through <see cref="StreamSourceCollector"/>; its key is
/// <c>NODE:/path</c>, <c>NODE:journal</c> or <c>NODE:dmesg</c>.
/// </summary>
internal sealed class NodePuller(StreamSourceCollector collector, SshNode node, string name, PullOptions options, string scratch, Action<string> notice)
{
    private const int MaxFilesPerNode = 100_000;
    private const int MaxDmesgLines = 1_000_000;

    public async Task PullAsync(PullCounts counts, CancellationToken cancellationToken)
    {
        if (options.Paths.Count > 0 || options.NodePaths.ContainsKey(name))
        {
            var files = await ListFilesAsync(counts, cancellationToken).ConfigureAwait(false);
            await collector.CollectFilesAsync(options.Run, name, files, OpenAsync, scratch, counts, cancellationToken).ConfigureAwait(false);
        }

        var dmesg = options.Dmesg;
        if (options.Journal)
        {
            if (await HasJournalAsync(cancellationToken).ConfigureAwait(false))
            {
                await collector.CollectLinesAsync(options.Run, name, name + ":journal", JournalAsync, counts, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                notice($"{name}: no journal ({options.JournalCommand} gave no entries); reading dmesg -T instead");
                dmesg = true;
            }
        }

        if (dmesg)
        {
            await collector.CollectLinesAsync(options.Run, name, name + ":dmesg", DmesgAsync, counts, cancellationToken).ConfigureAwait(false);
        }

        if (options.Cores)
        {
            await new CoredumpctlSource(collector, node, name, options, scratch).CollectAsync(counts, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Journal arguments: JSON, no pager, in UTC; the since-time and the cursor each as one quoted argument.</summary>
    internal static List<string> JournalArguments(DateTimeOffset? since, string? cursor)
    {
        var args = new List<string> { "-o", "json", "--no-pager", "--quiet", "--utc" };
        if (cursor is not null && IsCursor(cursor))
        {
            args.AddRange(["--after-cursor", cursor]);
        }
        else if (since is { } t)
        {
            args.AddRange(["--since", t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"]);
        }

        return args;
    }

    /// <summary>journald cursors are <c>s=…;i=…;b=…;m=…;t=…;x=…</c>: hex, '=', ';' and letters. Anything else is not passed on.</summary>
    internal static bool IsCursor(string cursor) =>
        cursor.Length is > 0 and <= 512 && cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '=' or ';' or '_' or '-');

    private async Task<List<PulledFile>> ListFilesAsync(PullCounts counts, CancellationToken cancellationToken)
    {
        var files = new List<PulledFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in options.NodePaths.TryGetValue(name, out var own) ? options.Paths.Concat(own) : options.Paths)
        {
            var matched = 0;
            await foreach (var (path, file) in RemoteGlob.ExpandAsync(node.Sftp, pattern, cancellationToken).ConfigureAwait(false))
            {
                matched++;
                if (!seen.Add(path) || (options.Since is { } since && file.LastWriteTimeUtc < since.UtcDateTime))
                {
                    continue;
                }

                if (files.Count >= MaxFilesPerNode)
                {
                    notice($"{name}: more than {MaxFilesPerNode} files match; the rest are not read (narrow --paths)");
                    return files;
                }

                byte[] head;
                try
                {
                    head = await HeadAsync(path, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // gone or unreadable since it was listed (rotated, permissions): that file only
                    await collector.RecordAsync(options.Run, $"{name}:{path}", Storage.CollectorFailureKind.Failed, $"read failed: {ex.Message}", counts, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                files.Add(new PulledFile($"{name}:{path}", path, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), head));
            }

            if (matched == 0)
            {
                await collector.RecordAsync(options.Run, $"{name}:{pattern}", Storage.CollectorFailureKind.Skipped, "no file on the node matches this path", counts, cancellationToken).ConfigureAwait(false);
            }
        }

        return files;
    }

    private async Task<byte[]> HeadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = await OpenAsync(path, 0, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[PulledFile.HeadBytes];
            var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return head.AsSpan(0, n).ToArray();
        }
    }

    private Task<Stream> OpenAsync(PulledFile file, long offset, CancellationToken cancellationToken) => OpenAsync(file.RemotePath, offset, cancellationToken);

    private async Task<Stream> OpenAsync(string path, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await node.Sftp.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
            if (offset > 0)
            {
                stream.Seek(offset, SeekOrigin.Begin);
            }

            return stream;
        }
        catch (Renci.SshNet.Common.SshException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    private async Task<bool> HasJournalAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in node.RunLinesAsync(options.JournalCommand, ["-o", "json", "--no-pager", "--quiet", "-n", "1"], cancellationToken).ConfigureAwait(false))
            {
                if (line.Length > 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            // no journalctl, or no journal files: the caller falls back to dmesg
        }

        return false;
    }

    private async IAsyncEnumerable<PulledLine> JournalAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in node.RunLinesAsync(options.JournalCommand, JournalArguments(options.Since, cursor), cancellationToken).ConfigureAwait(false))
        {
            if (JournalEntryRenderer.Render(line, name) is { } entry)
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// The ring buffer is a sliding window: lines after the last one stored are new; when that line is no
    /// longer in the buffer (it wrapped, or the node rebooted), every line is new.
    /// </summary>
    private async IAsyncEnumerable<PulledLine> DmesgAsync(string? resume, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var before = new List<PulledLine>();
        var found = resume is null;
        await foreach (var line in node.RunLinesAsync("env", ["TZ=UTC", options.DmesgCommand, "-T"], cancellationToken).ConfigureAwait(false))
        {
            var pulled = new PulledLine(line, LineHash(line));
            if (found)
            {
                yield return pulled;
            }
            else if (pulled.Resume == resume)
            {
                found = true;
                before.Clear();
            }
            else if (before.Count < MaxDmesgLines)
            {
                before.Add(pulled);
            }
        }

        foreach (var pulled in before)
        {
            yield return pulled;
        }
    }

    private static string LineHash(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)))[..32];
}
