using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>
/// The prepared idempotent insert for symptoms, bound through SQLitePCLRaw directly: the
/// hot path of collection, where Microsoft.Data.Sqlite's per-execution data reader and boxed
/// parameters measured about 20% slower. Text is encoded into one reused buffer. Not
/// thread-safe; lives for one append, inside its transaction.
/// </summary>
internal sealed class SymptomInsertStatement : IDisposable
{
    // ON CONFLICT (id) DO NOTHING rather than INSERT OR IGNORE: the latter also skips rows that
    // break a NOT NULL constraint, silently dropping a symptom with a missing field.
    private const string Sql =
        "INSERT INTO symptoms (" + SymptomColumns.List + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly AttrsJson _attrs = new();
    private byte[] _text = new byte[4096];

    public SymptomInsertStatement(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, Sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Inserts one symptom; returns 1 when it was new and 0 when its id was already stored.</summary>
    public int Insert(Symptom symptom)
    {
        var s = _statement;
        BindText(1, symptom.Id);
        BindText(2, symptom.Run);
        BindInt64(3, symptom.Timestamp is { } ts ? UnixMs.From(ts) : null);
        raw.sqlite3_bind_int64(s, 4, symptom.TimeInferred ? 1 : 0);
        BindText(5, symptom.Host);
        BindInt64(6, symptom.Rank);
        BindInt64(7, symptom.LocalRank);
        BindInt64(8, symptom.Gpu);
        BindInt64(9, symptom.Pid);
        BindText(10, symptom.Kind);
        BindText(11, EnumNames.Of(symptom.Category));
        BindText(12, EnumNames.Of(symptom.Severity));
        BindText(13, symptom.Signature);
        BindText(14, symptom.Message);
        BindText(15, symptom.Source?.Path);
        BindInt64(16, symptom.Source?.Line);
        BindInt64(17, symptom.Source?.Offset);
        BindText(18, symptom.Rule);
        var attrs = _attrs.Write(symptom.Attrs);
        if (attrs.IsEmpty)
        {
            raw.sqlite3_bind_null(s, 19);
        }
        else
        {
            raw.sqlite3_bind_text(s, 19, attrs);
        }

        var rc = raw.sqlite3_step(s);
        if (rc != raw.SQLITE_DONE)
        {
            // Build the exception before reset, which may replace the connection's error message.
            var error = new SqliteException(
                $"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}' (symptom '{symptom.Id}').",
                rc,
                raw.sqlite3_extended_errcode(_db));
            raw.sqlite3_reset(s);
            throw error;
        }

        raw.sqlite3_reset(s);
        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void BindInt64(int index, long? value)
    {
        var rc = value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private void BindText(int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(_statement, index);
            return;
        }

        if (value.Length == 0)
        {
            // An empty span pins to a null pointer, which SQLite would store as NULL.
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(_statement, index, string.Empty), _db);
            return;
        }

        var max = Utf8.GetMaxByteCount(value.Length);
        if (max > _text.Length)
        {
            _text = new byte[Math.Max(max, _text.Length * 2)];
        }

        // Lone surrogates become U+FFFD here, as documented in StoreText; SQLite copies the bytes.
        var length = Utf8.GetBytes(value, _text);
        var rc = raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, length));
        SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
