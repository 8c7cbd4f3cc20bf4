using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Triage.Collectors.Collection;

/// <summary>
/// torchelastic's error file (<c>error.json</c> beside a worker's <c>stdout.log</c>/<c>stderr.log</c> in
/// <c>attempt_N/LOCAL_RANK/</c>, or wherever <c>TORCHELASTIC_ERROR_FILE</c> points), written by
/// <c>ErrorHandler.record_exception</c> in torch/distributed/elastic/multiprocessing/errors/error_handler.py:
/// <code>{"message": {"message": "RuntimeError: foobar", "extraInfo": {"py_callstack": "Traceback (most recent call last):\n ...", "timestamp": "1605774851"}}}</code>
/// (the format its test pins, test/distributed/elastic/multiprocessing/errors/error_handler_test.py). A
/// <c>message</c> that is a plain string (what <c>ProcessFailure</c> also accepts) is read too. The callstack
/// (else the message) is the text the rules read; every symptom found in it takes the file's own
/// timestamp (epoch seconds): the traceback in stderr.log usually has none.
/// </summary>
internal static class TorchElasticErrorFile
{
    /// <summary>Larger files are not error files (a callstack is a few kB).</summary>
    public const int MaxBytes = 1 << 20;

    private const int MaxDepth = 16;

    /// <summary>Whether <paramref name="file"/> may be an error file (by name and size; the content decides).</summary>
    public static bool IsCandidate(DiscoveredFile file) =>
        file.Format == SourceFormat.Text && file.Length <= MaxBytes
        && file.Path.EndsWith("error.json", StringComparison.OrdinalIgnoreCase)
        && file.Head.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..];

    /// <summary>The text to extract and the failure's time, or null when <paramref name="json"/> is not such a file.</summary>
    public static (string Text, DateTimeOffset? Time)? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("message", out var message))
            {
                return null;
            }

            if (message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() is { Length: > 0 } plain ? (plain, null) : null;
            }

            if (message.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var text = message.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            DateTimeOffset? time = null;
            if (message.TryGetProperty("extraInfo", out var extra) && extra.ValueKind == JsonValueKind.Object)
            {
                if (extra.TryGetProperty("py_callstack", out var stack) && stack.ValueKind == JsonValueKind.String && stack.GetString() is { Length: > 0 } callstack)
                {
                    // format_exc() ends with the exception line, so the message would repeat it.
                    text = text is null || callstack.Contains(text, StringComparison.Ordinal) ? callstack : text + "\n" + callstack;
                }

                time = Epoch(extra);
            }

            return text is { Length: > 0 } ? (text, time) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Epoch(JsonElement extra)
    {
        if (!extra.TryGetProperty("timestamp", out var stamp))
        {
            return null;
        }

        long seconds;
        if (stamp.ValueKind == JsonValueKind.String)
        {
            if (!long.TryParse(stamp.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
            {
                return null;
            }
        }
        else if (stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out seconds))
        {
            return null;
        }

        // 2000-01-01 .. 2100-01-01: anything else is not a wall clock.
        return seconds is > 946_684_800 and < 4_102_444_800 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }
}
