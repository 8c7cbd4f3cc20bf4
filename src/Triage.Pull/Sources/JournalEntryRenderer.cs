using System.Globalization;
using System.Text;
using System.Text.Json;
using Triage.Collectors.Collection;

namespace Triage.Pull.Sources;

/// <summary>
/// Turns one line of <c>journalctl -o json</c> (journal export fields as JSON:
/// https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-json-format) into the text line
/// <c>journalctl -o short-iso-precise</c> would print — <c>2024-03-21T02:07:08.123456+00:00 HOST IDENT[PID]: MESSAGE</c>,
/// in UTC — so the extractor reads it as any syslog line: the entry's own time (<c>__REALTIME_TIMESTAMP</c>)
/// and host (<c>_HOSTNAME</c>), kernel messages as <c>kernel:</c>. A multi-line message gives one line per
/// message line, each with the header. The resume point is the entry's <c>__CURSOR</c>. A field may be a string, an
/// array of bytes (not valid UTF-8), an array of values (the field appears more than once: the first is shown) or
/// null (too large); entries without a cursor or time are skipped.
/// </summary>
public static class JournalEntryRenderer
{
    /// <summary>The rendered line(s) and cursor, or null when the line is not a usable journal entry.</summary>
    public static PulledLine? Render(string json, string fallbackHost)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "__CURSOR") is not { Length: > 0 } cursor
                || Text(root, "__REALTIME_TIMESTAMP") is not { } micros
                || !long.TryParse(micros, NumberStyles.None, CultureInfo.InvariantCulture, out var us))
            {
                return null;
            }

            var time = DateTimeOffset.UnixEpoch.AddTicks(us * 10);
            var host = Text(root, "_HOSTNAME") is { Length: > 0 } h ? h : fallbackHost;
            var kernel = Text(root, "_TRANSPORT") == "kernel";
            var ident = kernel ? "kernel" : Text(root, "SYSLOG_IDENTIFIER") ?? Text(root, "_COMM") ?? "unknown";
            var pid = kernel ? null : Text(root, "_PID") ?? Text(root, "SYSLOG_PID");
            var header = string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-dd'T'HH:mm:ss.ffffff}+00:00 {Clean(host)} {Clean(ident)}{(pid is null ? string.Empty : "[" + Clean(pid) + "]")}: ");
            var message = Message(root);
            var text = new StringBuilder();
            foreach (var line in message.Split('\n'))
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(header).Append(line.TrimEnd('\r'));
            }

            return new PulledLine(text.ToString(), cursor);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Message(JsonElement root) => Text(root, "MESSAGE") ?? string.Empty; // null: larger than journalctl's field limit

    /// <summary>
    /// A field's value: a string; an array of numbers (bytes that are not valid UTF-8); or, for a field the entry has
    /// more than once, an array of such values (systemd's "properly serialize fields with multiple values into JSON",
    /// 2012), of which the first is taken, as <c>journalctl -o short</c> shows it.
    /// </summary>
    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? Value(value, nested: false) : null;

    private static string? Value(JsonElement value, bool nested)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.Number:
                var bytes = new List<byte>();
                foreach (var b in value.EnumerateArray())
                {
                    if (b.ValueKind == JsonValueKind.Number && b.TryGetByte(out var octet))
                    {
                        bytes.Add(octet);
                    }
                }

                return Encoding.UTF8.GetString(bytes.ToArray());
            case JsonValueKind.Array when !nested && value.GetArrayLength() > 0:
                return Value(value[0], nested: true);
            default:
                return null;
        }
    }

    /// <summary>Header parts are single words: whitespace and control characters become '_'.</summary>
    private static string Clean(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++)
        {
            span[i] = char.IsWhiteSpace(t[i]) || char.IsControl(t[i]) ? '_' : t[i];
        }
    });
}
