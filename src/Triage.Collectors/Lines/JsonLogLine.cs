using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Triage.Collectors.Lines;

/// <summary>
/// A line a container runtime stored as a JSON record: Docker's json-file driver (and the Kubernetes node
/// logs written by it) keeps each line as <c>{"log":"the line\n","stream":"stderr","time":"..."}</c>. The
/// relayed line is the <c>log</c> string, unescaped and without its newline; the rules and the line parser
/// read it as if it had been written bare. Only a record that opens with the <c>log</c> field is taken
/// (structured loggers' own JSON, with a level and a message, is not this shape). Never throws.
/// </summary>
internal static class JsonLogLine
{
    private static ReadOnlySpan<byte> Head => "{\"log\":\""u8;

    /// <summary>The relayed line of a json-file record, or false (and null) for any other line.</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> line, [NotNullWhen(true)] out string? inner)
    {
        inner = null;
        var start = line.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0 || !line[start..].StartsWith(Head))
        {
            return false;
        }

        var reader = new Utf8JsonReader(line[start..], new JsonReaderOptions { AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            var value = reader.GetString();
            if (value is null)
            {
                return false;
            }

            var text = value.TrimEnd('\n', '\r');
            if (text.Length == 0)
            {
                return false;
            }

            inner = text;
            return true;
        }
        catch (JsonException)
        {
            // A record cut off inside its "log" string: not a line to unwrap.
            inner = null;
            return false;
        }
        catch (InvalidOperationException)
        {
            inner = null;
            return false;
        }
    }
}
