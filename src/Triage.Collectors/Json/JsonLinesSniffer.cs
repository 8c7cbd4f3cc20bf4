using System.Text.Json;

namespace Triage.Collectors.Json;

/// <summary>
/// Recognises JSONL metadata from the first lines of a file: every object has an integer step
/// (<see cref="JsonLineFields.IsStep"/>); a <see cref="JsonLinesKind.Manifest"/> also has an integer rank
/// (<see cref="JsonLineFields.IsRank"/>) in every object, or the file's path names the rank, and
/// string fields besides the time; <see cref="JsonLinesKind.Metrics"/> has no string fields besides the
/// time. Anything else (JSON logs, other JSON) is <see cref="JsonLinesKind.Other"/>. Never throws.
/// </summary>
internal static class JsonLinesSniffer
{
    /// <summary>The kind of a file starting with <paramref name="prefix"/>; <paramref name="complete"/> says the prefix is the whole file.</summary>
    /// <param name="prefix">The file's first bytes.</param>
    /// <param name="complete">Whether the prefix is the whole file.</param>
    /// <param name="maxLines">Lines looked at.</param>
    /// <param name="rankFromPath">Whether the file's path names a rank (<c>rank-0042.jsonl</c>): rows need not carry one.</param>
    public static JsonLinesKind Classify(ReadOnlySpan<byte> prefix, bool complete, int maxLines, bool rankFromPath = false)
    {
        var objects = 0;
        var bad = 0;
        var allRanked = true;
        var anyStrings = false;
        var lines = 0;
        while (prefix.Length > 0 && lines < maxLines)
        {
            var newline = prefix.IndexOf((byte)'\n');
            if (newline < 0 && (!complete || lines > 0))
            {
                break; // a cut-off last line says nothing (unless it is the only one)
            }

            var line = newline < 0 ? prefix : prefix[..newline];
            prefix = newline < 0 ? default : prefix[(newline + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            lines++;
            var shaped = TryShape(line, out var hasRank, out var hasStep, out var hasStrings)
                || (JsonLineFields.QuoteBareNonFinite(line) is { } quoted && TryShape(quoted, out hasRank, out hasStep, out hasStrings));
            if (!shaped || !hasStep)
            {
                bad++;
                continue;
            }

            objects++;
            allRanked &= hasRank || rankFromPath;
            anyStrings |= hasStrings;
        }

        if (objects == 0 || bad * 2 > lines)
        {
            return JsonLinesKind.Other;
        }

        return anyStrings
            ? (allRanked && bad == 0 ? JsonLinesKind.Manifest : JsonLinesKind.Other)
            : (bad == 0 ? JsonLinesKind.Metrics : JsonLinesKind.Other);
    }

    private static bool TryShape(ReadOnlySpan<byte> line, out bool hasRank, out bool hasStep, out bool hasStrings)
    {
        hasRank = hasStep = hasStrings = false;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                var isRank = JsonLineFields.IsRank(name);
                var isStep = JsonLineFields.IsStep(name);
                var isTime = JsonLineFields.IsTime(name);
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    hasRank |= isRank && reader.TryGetInt32(out var rank) && rank >= 0;
                    hasStep |= isStep && reader.TryGetInt64(out _);
                }
                else if (reader.TokenType == JsonTokenType.String && !isTime && JsonLineFields.NonFinite(reader.ValueSpan) is null)
                {
                    hasStrings = true;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
