using System.IO.Compression;
using System.Text;

namespace Triage.Collectors.Tests.RunMetadata;

/// <summary>A run directory in the temp folder, deleted on dispose.</summary>
internal sealed class TempRunDirectory : IDisposable
{
    public TempRunDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "triage-inputs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        var path = Prepare(relativePath);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Prepare(relativePath);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteGzip(string relativePath, string content)
    {
        var path = Prepare(relativePath);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is not a test failure.
        }
    }

    private string Prepare(string relativePath)
    {
        var path = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }
}
