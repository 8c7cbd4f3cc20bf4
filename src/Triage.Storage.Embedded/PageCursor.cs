using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Triage.Storage.Embedded;

/// <summary>
/// The keyset position after the last symptom of a page: its timestamp (Unix ms, or none) and
/// id, as URL-safe base64 of <c>1|ts|id</c>. Opaque to callers; a malformed one is a usage error.
/// </summary>
internal readonly record struct PageCursor(long? Timestamp, string Id)
{
    private const string Version = "1";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Encode()
    {
        var ts = Timestamp?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        return Base64Url.EncodeToString(StrictUtf8.GetBytes($"{Version}|{ts}|{Id}"));
    }

    /// <summary>Decodes a cursor; throws <see cref="TriageException"/> (usage) when it is not one of ours.</summary>
    public static PageCursor Decode(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        try
        {
            var text = StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('|', 3);
            if (parts.Length == 3 && parts[0] == Version)
            {
                if (parts[1].Length == 0)
                {
                    return new PageCursor(null, parts[2]);
                }

                if (long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
                {
                    return new PageCursor(ts, parts[2]);
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            // Not base64 or not UTF-8: reported below like any other foreign cursor.
        }

        throw new TriageException("invalid page cursor: pass back the cursor of the previous page unchanged", ExitCodes.Usage);
    }
}
