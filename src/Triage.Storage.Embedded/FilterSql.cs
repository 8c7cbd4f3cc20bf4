using System.Text.Json;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>Translates a <see cref="SymptomFilter"/> into parameterised conditions on the <c>symptoms</c> table.</summary>
internal static class FilterSql
{
    public static void Apply(SymptomFilter filter, SqlBuilder sql)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Run is not null)
        {
            // A store holds one or a few runs, so "run = ?" alone is not selective: without the
            // hint SQLite walks an index and fetches every row by rowid, about 5x slower than a
            // scan. The hint keeps the (run, kind), (run, host) and (run, ts) index seeks.
            sql.Where($"likely(run = {sql.Parameter(filter.Run)})");
        }

        if (filter.From is { } from)
        {
            sql.Where($"ts >= {sql.Parameter(UnixMs.From(from))}");
        }

        if (filter.To is { } to)
        {
            sql.Where($"ts < {sql.Parameter(UnixMs.From(to))}");
        }

        if (filter.Timed is { } timed)
        {
            sql.Where(timed ? "ts IS NOT NULL" : "ts IS NULL");
        }

        In(sql, "kind", filter.Kinds);
        In(sql, "category", filter.Categories?.Select(EnumNames.ForFilter).ToArray());
        In(sql, "host", filter.Hosts);
        In(sql, "rank", filter.Ranks?.Select(r => (object)r).ToArray());
        In(sql, "signature", filter.Signatures);
        if (filter.MinSeverity is { } minimum && minimum > Severity.Info)
        {
            var severities = EnumNames.SeveritiesFrom(minimum).ToArray();
            if (severities.Length == 0)
            {
                // Worse than the worst severity: nothing qualifies.
                sql.Where("0");
            }

            In(sql, "severity", severities);
        }

        if (!string.IsNullOrEmpty(filter.Text))
        {
            sql.Where(TextCondition(filter.Text, sql));
        }

        foreach (var (name, value) in filter.Attrs ?? new Dictionary<string, string>())
        {
            sql.Where($"json_extract(attrs, {sql.Parameter(JsonPaths.ForKey(StoreText.NormalizeKey(name)))}) = {sql.Parameter(value)}");
        }
    }

    /// <summary>
    /// Case-insensitive substring as .NET's <see cref="StringComparison.OrdinalIgnoreCase"/>
    /// defines it (all of Unicode). Calling into .NET for every row is slow, so for an ASCII
    /// needle SQLite's own ASCII-only <c>lower()</c> decides every all-ASCII message (where both
    /// definitions agree) and .NET only sees messages with other characters, whose byte length
    /// differs from their character length.
    /// </summary>
    private static string TextCondition(string text, SqlBuilder sql)
    {
        var exact = $"{StoreDatabase.ContainsFunction}(message, {sql.Parameter(text)})";
        if (!System.Text.Ascii.IsValid(text))
        {
            return exact;
        }

        var lower = sql.Parameter(text.ToLowerInvariant());
        return $"(instr(lower(message), {lower}) > 0 OR (length(message) <> length(CAST(message AS BLOB)) AND {exact}))";
    }

    private static void In<T>(SqlBuilder sql, string column, IReadOnlyList<T>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        if (values.Count == 1)
        {
            sql.Where($"{column} = {sql.Parameter(values[0])}");
            return;
        }

        // One JSON array parameter whatever the list's length: no limit on the number of SQL
        // variables, and SQLite still drives the index from the IN list.
        sql.Where($"{column} IN (SELECT value FROM json_each({sql.Parameter(JsonSerializer.Serialize(values.Select(v => (object?)v)))}))");
    }
}
