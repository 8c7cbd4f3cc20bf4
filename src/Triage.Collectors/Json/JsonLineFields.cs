using System.Text.Json;

namespace Triage.Collectors.Json;

/// <summary>Field conventions shared by the JSONL readers (manifest, metrics, recognition).</summary>
internal static class JsonLineFields
{
    /// <summary>Whether a property name is the row's time (<c>time</c>, <c>timestamp</c>, <c>@timestamp</c>, <c>ts</c>).</summary>
    public static bool IsTime(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("time"u8) || name.SequenceEqual("timestamp"u8) || name.SequenceEqual("@timestamp"u8) || name.SequenceEqual("ts"u8);

    /// <summary>Whether a property name is the global rank (<c>rank</c>, <c>global_rank</c>).</summary>
    public static bool IsRank(ReadOnlySpan<byte> name) => name.SequenceEqual("rank"u8) || name.SequenceEqual("global_rank"u8);

    /// <summary>Whether a property name is the training step (<c>step</c>, <c>iteration</c>, <c>global_step</c>, <c>iter</c>).</summary>
    public static bool IsStep(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("step"u8) || name.SequenceEqual("iteration"u8) || name.SequenceEqual("global_step"u8) || name.SequenceEqual("iter"u8);

    /// <summary>
    /// Reads the time at the reader's current value: an ISO-8601 string (no offset = UTC) or Unix
    /// seconds (milliseconds when above 1e11). False when it is neither.
    /// </summary>
    public static bool TryGetTime(ref Utf8JsonReader reader, out DateTimeOffset time)
    {
        time = default;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds))
        {
            seconds = seconds > 1e11 ? seconds / 1000 : seconds;
            if (seconds is < 0 or > 32_503_680_000)
            {
                return false;
            }

            time = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var parsed))
        {
            return false;
        }

        // Utf8JsonReader gives an offset-less time the machine's offset; the run's clock is UTC.
        time = HasOffset(reader.ValueSpan) ? parsed.ToUniversalTime() : new DateTimeOffset(parsed.DateTime, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// The value of a non-finite number spelled as Python and JavaScript write it (NaN, Infinity,
    /// -Infinity) or as text in any case (nan, inf, +inf, -inf, infinity), or null.
    /// </summary>
    public static double? NonFinite(ReadOnlySpan<byte> text)
    {
        if (text.Length is < 3 or > 9)
        {
            return null;
        }

        var negative = text[0] == (byte)'-';
        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        Span<byte> lower = stackalloc byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            lower[i] = (byte)(body[i] | 0x20);
        }

        if (lower.SequenceEqual("nan"u8))
        {
            return text.Length == 3 ? double.NaN : null;
        }

        return lower.SequenceEqual("inf"u8) || lower.SequenceEqual("infinity"u8)
            ? (negative ? double.NegativeInfinity : double.PositiveInfinity)
            : null;
    }

    /// <summary>
    /// Python's json module writes bare <c>NaN</c>/<c>Infinity</c>/<c>-Infinity</c>, which is not JSON.
    /// Returns a copy of <paramref name="line"/> with those tokens quoted (outside strings), or null when there are none.
    /// </summary>
    public static byte[]? QuoteBareNonFinite(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf("NaN"u8) < 0 && line.IndexOf("Infinity"u8) < 0)
        {
            return null;
        }

        var output = new List<byte>(line.Length + 16);
        var inString = false;
        var changed = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (inString)
            {
                output.Add(b);
                if (b == (byte)'\\' && i + 1 < line.Length)
                {
                    output.Add(line[++i]);
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            var token = line[i..].StartsWith("NaN"u8) ? 3 : line[i..].StartsWith("Infinity"u8) ? 8 : line[i..].StartsWith("-Infinity"u8) ? 9 : 0;
            if (token > 0)
            {
                output.Add((byte)'"');
                output.AddRange(line.Slice(i, token));
                output.Add((byte)'"');
                i += token - 1;
                changed = true;
                continue;
            }

            inString = b == (byte)'"';
            output.Add(b);
        }

        return changed ? [.. output] : null;
    }

    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && (text[^1] == (byte)'Z' || text[^1] == (byte)'z'))
        {
            return true;
        }

        var t = text.IndexOfAny((byte)'T', (byte)'t');
        return t >= 0 && text[t..].IndexOfAny((byte)'+', (byte)'-') >= 0;
    }
}
