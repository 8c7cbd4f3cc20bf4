using System.Globalization;

namespace Triage.Runs;

/// <summary>
/// PCI bus ids as tools print them: <c>0000:18:00.0</c> (lspci, topology), <c>00000000:18:00.0</c>
/// (nvidia-smi), <c>PCI:0000:18:00</c> (Xid lines), <c>18:00.0</c> (no domain) and NCCL's
/// <c>busId 18000</c> (the same hex digits without punctuation). The function is ignored: a GPU is
/// one device, so every spelling of one device maps to one key.
/// </summary>
public static class PciBusId
{
    /// <summary>Reduces <paramref name="text"/> to a key equal for every spelling of one device.</summary>
    public static bool TryGetKey(string? text, out long key)
    {
        key = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith("PCI:", StringComparison.OrdinalIgnoreCase))
        {
            span = span[4..];
        }

        if (span.Length > 24)
        {
            return false;
        }

        if (span.IndexOf(':') < 0)
        {
            return TryGetNcclKey(span, out key);
        }

        // [domain:]bus:device[.function]
        var dot = span.LastIndexOf('.');
        if (dot >= 0)
        {
            if (!IsHex(span[(dot + 1)..], 1, 1))
            {
                return false;
            }

            span = span[..dot];
        }

        var lastColon = span.LastIndexOf(':');
        var device = span[(lastColon + 1)..];
        var rest = span[..lastColon];
        var colon = rest.LastIndexOf(':');
        var bus = colon < 0 ? rest : rest[(colon + 1)..];
        var domain = colon < 0 ? "0".AsSpan() : rest[..colon];
        if (!IsHex(device, 1, 2) || !IsHex(bus, 1, 2) || !IsHex(domain, 1, 8))
        {
            return false;
        }

        key = Compose(Hex(domain), Hex(bus), Hex(device));
        return true;
    }

    private static bool TryGetNcclKey(ReadOnlySpan<char> digits, out long key)
    {
        key = 0;
        if (!IsHex(digits, 4, 13))
        {
            return false;
        }

        var value = Hex(digits);
        var device = (value >> 4) & 0xff;
        var bus = (value >> 12) & 0xff;
        var domain = value >> 20;
        key = Compose(domain, bus, device);
        return true;
    }

    private static long Compose(long domain, long bus, long device) => (domain << 16) | (bus << 8) | device;

    private static long Hex(ReadOnlySpan<char> digits) => long.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static bool IsHex(ReadOnlySpan<char> span, int minLength, int maxLength)
    {
        if (span.Length < minLength || span.Length > maxLength)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
