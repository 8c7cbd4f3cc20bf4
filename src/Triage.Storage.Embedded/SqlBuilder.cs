using Microsoft.Data.Sqlite;

namespace Triage.Storage.Embedded;

/// <summary>
/// Collects AND-ed conditions and their parameters. Values only ever travel as parameters; the
/// SQL text holds column names and generated parameter names, nothing taken from a filter.
/// </summary>
internal sealed class SqlBuilder
{
    private readonly List<string> _conditions = [];
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    /// <summary>Adds a parameter and returns its name for use in the SQL text.</summary>
    public string Parameter(object? value)
    {
        var name = "@p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value ?? DBNull.Value));
        return name;
    }

    public void Where(string condition) => _conditions.Add(condition);

    /// <summary><c> WHERE a AND b</c>, or empty when there is no condition.</summary>
    public string WhereClause => _conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", _conditions);

    public SqliteCommand CreateCommand(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.Command(transaction, sql);
        foreach (var (name, value) in _parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
