using System.Globalization;
using System.Text;
using System.Text.Json;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Simulator.Truth;

/// <summary>
/// Writes a <c>triage.truth/v1</c> file (see <see cref="GroundTruth"/>) while the run directory is
/// being generated: the header and causes first, then each symptom as soon as its line is written.
/// Noise entries arrive interleaved with symptoms; they are spooled to a temporary file beside the
/// truth and copied in at <see cref="Complete"/>, so memory stays flat however many lines are
/// labelled. Not thread-safe.
/// </summary>
internal sealed class TruthWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly string _noisePath;
    private readonly StreamWriter _noise;
    private bool _completed;

    public TruthWriter(string path, string run, IReadOnlyList<string> scenarios, int seed, int ranks, int gpusPerHost, IReadOnlyList<TruthCause> causes)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = true });
        _noisePath = path + ".noise.tmp";
        _noise = new StreamWriter(_noisePath, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _json.WriteStartObject();
        _json.WriteString("schema", GroundTruth.SchemaName);
        _json.WriteString("run", run);
        _json.WriteStartArray("scenarios");
        foreach (var s in scenarios)
        {
            _json.WriteStringValue(s);
        }

        _json.WriteEndArray();
        _json.WriteNumber("seed", seed);
        _json.WriteNumber("ranks", ranks);
        _json.WriteNumber("gpus_per_host", gpusPerHost);
        _json.WriteStartArray("causes");
        foreach (var c in causes)
        {
            WriteCause(c);
        }

        _json.WriteEndArray();
        _json.WriteStartArray("symptoms");
    }

    public long Symptoms { get; private set; }

    public long NoiseCount { get; private set; }

    public void Symptom(string path, long line, string cause, AttributionRole role, long block = 0, bool primary = true)
    {
        _json.WriteStartObject();
        _json.WriteString("path", path);
        _json.WriteNumber("line", line);
        _json.WriteString("cause", cause);
        _json.WriteString("role", Names.Of(role));
        if (block > 0)
        {
            _json.WriteNumber("block", block);
        }

        if (!primary)
        {
            _json.WriteBoolean("primary", false);
        }

        _json.WriteEndObject();
        Symptoms++;
        if (_json.BytesPending > 1 << 15)
        {
            _json.Flush();
        }
    }

    public void Noise(string path, long line, string note, long block = 0, bool primary = true)
    {
        // Tab-separated spool: paths and notes are ours and hold no tabs or newlines.
        _noise.Write(path);
        _noise.Write('\t');
        _noise.Write(line.ToString(CultureInfo.InvariantCulture));
        _noise.Write('\t');
        _noise.Write(block.ToString(CultureInfo.InvariantCulture));
        _noise.Write('\t');
        _noise.Write(primary ? '1' : '0');
        _noise.Write('\t');
        _noise.WriteLine(note);
        NoiseCount++;
    }

    /// <summary>Closes the symptoms, copies the noise in and finishes the document.</summary>
    public void Complete()
    {
        _json.WriteEndArray();
        _noise.Flush();
        _noise.Dispose();
        _json.WriteStartArray("noise");
        foreach (var row in File.ReadLines(_noisePath))
        {
            var parts = row.Split('\t', 5);
            _json.WriteStartObject();
            _json.WriteString("path", parts[0]);
            _json.WriteNumber("line", long.Parse(parts[1], CultureInfo.InvariantCulture));
            _json.WriteString("note", parts[4]);
            var block = long.Parse(parts[2], CultureInfo.InvariantCulture);
            if (block > 0)
            {
                _json.WriteNumber("block", block);
            }

            if (parts[3] == "0")
            {
                _json.WriteBoolean("primary", false);
            }

            _json.WriteEndObject();
            if (_json.BytesPending > 1 << 15)
            {
                _json.Flush();
            }
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _completed = true;
    }

    public void Dispose()
    {
        _noise.Dispose();
        _json.Dispose();
        _stream.Dispose();
        File.Delete(_noisePath);
        if (!_completed)
        {
            File.Delete(_stream.Name);
        }
    }

    private void WriteCause(TruthCause c)
    {
        _json.WriteStartObject();
        _json.WriteString("id", c.Id);
        _json.WriteString("scenario", c.Scenario);
        _json.WriteString("category", Names.Of(c.Category));
        _json.WriteString("summary", c.Summary);
        _json.WriteStartArray("match");
        foreach (var alternative in c.Match)
        {
            _json.WriteStartArray();
            foreach (var f in alternative)
            {
                _json.WriteStartObject();
                _json.WriteString("key", f.Key);
                _json.WriteString("value", f.Value);
                _json.WriteEndObject();
            }

            _json.WriteEndArray();
        }

        _json.WriteEndArray();
        if (c.FirstSeen is { } first)
        {
            _json.WriteString("first_seen", first.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        }
        else
        {
            _json.WriteNull("first_seen");
        }

        _json.WriteEndObject();
    }
}
