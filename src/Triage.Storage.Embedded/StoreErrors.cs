using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Triage.Storage.Embedded;

/// <summary>Turns SQLite's errors into one-line <see cref="StoreException"/> messages that name the file.</summary>
internal static class StoreErrors
{
    public static StoreException Open(string path, Exception inner) =>
        new($"cannot open the store '{path}': {Reason(inner)}", inner);

    public static StoreException Operation(string path, string operation, Exception inner) =>
        new($"cannot {operation} in the store '{path}': {Reason(inner)}", inner);

    public static StoreException Damaged(string path, string operation, Exception inner) =>
        new($"cannot {operation} in the store '{path}': stored data is damaged ({OneLine(inner.Message)})", inner);

    private static string Reason(Exception exception) => exception switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
        {
            raw.SQLITE_NOTADB => "the file is not a SQLite database",
            raw.SQLITE_CORRUPT => "the database file is damaged",
            raw.SQLITE_BUSY or raw.SQLITE_LOCKED => "the database is locked by another process for longer than the busy timeout",
            raw.SQLITE_READONLY => "the database or its directory is read-only",
            raw.SQLITE_CANTOPEN => "the file cannot be opened (missing directory or no permission)",
            raw.SQLITE_FULL => "the disk is full",
            raw.SQLITE_IOERR => "an I/O error occurred",
            raw.SQLITE_PERM or raw.SQLITE_AUTH => "permission denied",
            raw.SQLITE_CONSTRAINT => "a value is missing or invalid (" + OneLine(sqlite.Message) + ")",
            _ => OneLine(sqlite.Message),
        },
        UnauthorizedAccessException => "permission denied",
        _ => OneLine(exception.Message),
    };

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : string.Create(CultureInfo.InvariantCulture, $"{line.AsSpan(0, 300)}...");
    }
}
