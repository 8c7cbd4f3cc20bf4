using Microsoft.Data.Sqlite;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>The column list of the <c>symptoms</c> table, in one order for writing and reading.</summary>
internal static class SymptomColumns
{
    /// <summary>Columns in insert and select order; ordinals below follow it.</summary>
    public const string List =
        "id, run, ts, ts_inferred, host, rank, local_rank, gpu, pid, kind, category, severity, signature, message, path, line, \"offset\", rule, attrs";

    public const int Count = 19;

    /// <summary>Builds a symptom from a row selected with <see cref="List"/> at <paramref name="first"/>.</summary>
    public static Symptom Read(SqliteDataReader reader, int first = 0) => new()
    {
        Id = reader.GetString(first),
        Run = reader.GetString(first + 1),
        Timestamp = reader.IsDBNull(first + 2) ? null : UnixMs.To(reader.GetInt64(first + 2)),
        TimeInferred = reader.GetInt64(first + 3) != 0,
        Host = reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
        Rank = NullableInt(reader, first + 5),
        LocalRank = NullableInt(reader, first + 6),
        Gpu = NullableInt(reader, first + 7),
        Pid = NullableInt(reader, first + 8),
        Kind = reader.GetString(first + 9),
        Category = EnumNames.ParseCategory(reader.GetString(first + 10)),
        Severity = EnumNames.ParseSeverity(reader.GetString(first + 11)),
        Signature = reader.GetString(first + 12),
        Message = reader.GetString(first + 13),
        Source = new SymptomSource(reader.GetString(first + 14), reader.GetInt64(first + 15), reader.GetInt64(first + 16)),
        Rule = reader.GetString(first + 17),
        Attrs = AttrsJson.Read(reader.IsDBNull(first + 18) ? null : reader.GetString(first + 18)),
    };

    private static int? NullableInt(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : checked((int)reader.GetInt64(ordinal));
}
