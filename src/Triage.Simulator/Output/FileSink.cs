using System.Text;
using Triage.Simulator.Truth;

namespace Triage.Simulator.Output;

/// <summary>
/// One output file: writes lines with '\n', counts them, and reports labelled lines to the truth as
/// they are written (path relative to the run directory, '/' separators, 1-based line).
/// </summary>
internal sealed class FileSink : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly TruthWriter _truth;
    private readonly string _full;
    private long _line;
    private DateTimeOffset _lastTime;

    public FileSink(string root, string relative, TruthWriter truth)
    {
        Relative = relative;
        _truth = truth;
        _full = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(_full)!);
        _writer = new StreamWriter(new FileStream(_full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    public string Relative { get; }

    public long Bytes => _writer.BaseStream.Position;

    public void Write(Entry entry, string prefix = "")
    {
        foreach (var (text, label) in entry.Lines)
        {
            _line++;
            if (prefix.Length > 0)
            {
                _writer.Write(prefix);
            }

            _writer.WriteLine(text);
            if (label is not null)
            {
                if (label.IsNoise)
                {
                    _truth.Noise(Relative, _line, label.Note!);
                }
                else
                {
                    _truth.Symptom(Relative, _line, label.Cause!, label.Role);
                }
            }
        }

        if (entry.Time > _lastTime)
        {
            _lastTime = entry.Time;
        }
    }

    public void WriteLine(string text, Model.Label? label = null, DateTimeOffset? time = null)
    {
        var e = new Entry(time ?? _lastTime).Add(text, label);
        Write(e);
    }

    /// <summary>Sets the time the file was last written to (metadata files).</summary>
    public void At(DateTimeOffset time) => _lastTime = time;

    /// <summary>Closes the file and gives it the modification time a copy with <c>cp -p</c> keeps.</summary>
    public long Close()
    {
        _writer.Flush();
        var bytes = _writer.BaseStream.Length;
        _writer.Dispose();
        if (_lastTime != default)
        {
            File.SetLastWriteTimeUtc(_full, _lastTime.UtcDateTime.AddSeconds(1));
        }

        return bytes;
    }

    public void Dispose() => _writer.Dispose();
}
