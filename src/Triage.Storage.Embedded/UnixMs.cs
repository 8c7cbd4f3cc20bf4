namespace Triage.Storage.Embedded;

/// <summary>Timestamps are stored as Unix milliseconds (UTC): compact, ordered and index-friendly.</summary>
internal static class UnixMs
{
    public static long From(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToDb(DateTimeOffset? value) => value is { } v ? From(v) : DBNull.Value;

    public static DateTimeOffset To(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
