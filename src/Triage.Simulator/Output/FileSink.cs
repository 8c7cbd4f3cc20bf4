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

    /// <summary>
    /// Writes an entry's lines. An entry is one event (a traceback, a watchdog report, a kernel
    /// block): when some of its lines are labelled, the others are labelled with the event's
    /// label too, as companions (<c>"primary": false</c>), and a multi-line entry's labels all
    /// name the line the block starts at.
    /// </summary>
    public void Write(Entry entry, string prefix = "")
    {
        var block = BlockLabel(entry);
        var first = _line + 1;
        var multi = block is not null && entry.Lines.Count > 1 ? first : 0;
        foreach (var (text, own) in entry.Lines)
        {
            _line++;
            if (prefix.Length > 0)
            {
                _writer.Write(prefix);
            }

            _writer.WriteLine(text);
            var label = own ?? block;
            if (label is not null)
            {
                if (label.IsNoise)
                {
                    _truth.Noise(Relative, _line, label.Note!, multi, own is not null && !own.Companion);
                }
                else
                {
                    _truth.Symptom(Relative, _line, label.Cause!, label.Role, multi, own is not null && !own.Companion);
                }
            }
        }

        if (entry.Time > _lastTime)
        {
            _lastTime = entry.Time;
        }
    }

    /// <summary>The label of the event an entry is: its first cause label, else its first noise label, else none.</summary>
    private static Model.Label? BlockLabel(Entry entry)
    {
        Model.Label? noise = null;
        foreach (var (_, label) in entry.Lines)
        {
            if (label is { IsNoise: false })
            {
                return label;
            }

            noise ??= label;
        }

        return noise;
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
