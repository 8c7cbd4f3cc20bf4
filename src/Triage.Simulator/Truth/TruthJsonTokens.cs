using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Triage.Simulator.Truth;

/// <summary>
/// JSON tokens from a stream through a buffer that grows only to the longest token.
/// Strings up to 256 chars are pooled: a truth file repeats the same paths and cause ids
/// millions of times.
/// </summary>
internal sealed class TruthJsonTokens(Stream stream, string name, int bufferSize)
{
    private const int MaxPooledChars = 256;
    private const int MaxPoolEntries = 1 << 20;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[Math.Max(bufferSize, 4)];
    private int _start;
    private int _end;
    private bool _final;
    private bool _started;
    private long _newlines;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });

    public string Name => name;

    public long Line => _newlines + 1;

    public JsonTokenType Type { get; private set; }

    public string? Text { get; private set; }

    public long? Integer { get; private set; }

    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                var tokenStart = _start + (int)reader.TokenStartIndex;
                _newlines += _buffer.AsSpan(_start, tokenStart - _start).Count((byte)'\n');
                Type = reader.TokenType;
                Text = Type is JsonTokenType.PropertyName or JsonTokenType.String ? Pooled(ref reader) : null;
                Integer = Type == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;
                var end = _start + (int)reader.BytesConsumed;
                _newlines += _buffer.AsSpan(tokenStart, end - tokenStart).Count((byte)'\n');
                _start = end;
                _state = reader.CurrentState;
                return true;
            }

            if (_final)
            {
                return false;
            }

            Fill();
        }
    }

    private string Pooled(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > MaxPooledChars)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxPooledChars];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        var lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var pooled))
        {
            return pooled;
        }

        var text = new string(chars[..length]);
        if (_pool.Count < MaxPoolEntries)
        {
            _pool.Add(text, text);
        }

        return text;
    }

    private void Fill()
    {
        var remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _start = 0;
            _end = remaining;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= TruthReader.MaxTokenBytes)
            {
                throw new TriageException(
                    string.Create(CultureInfo.InvariantCulture, $"truth file '{name}', line {Line}: a single JSON value is longer than {TruthReader.MaxTokenBytes / 1024} KiB"),
                    ExitCodes.Failure);
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _final = true;
            return;
        }

        _end += read;
        if (!_started && _end >= 3)
        {
            _started = true;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                _start = 3;
            }
        }
    }
}
