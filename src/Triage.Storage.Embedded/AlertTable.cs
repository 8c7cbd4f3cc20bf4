using System.Text.Json;
using Microsoft.Data.Sqlite;
using Triage.Alerts;

namespace Triage.Storage.Embedded;

/// <summary>The state of <c>triage watch</c> (<see cref="IAlertState"/>): alerts, deliveries per destination, silences.</summary>
internal static class AlertTable
{
    /// <summary>The schema migration that adds the watcher's tables.</summary>
    public const string Create = """
        CREATE TABLE alerts (
            fingerprint    TEXT    NOT NULL PRIMARY KEY,
            run            TEXT    NOT NULL,
            labels         TEXT    NOT NULL,
            annotations    TEXT    NOT NULL,
            status         TEXT    NOT NULL,
            starts_at      INTEGER NOT NULL,
            ends_at        INTEGER,
            size           INTEGER NOT NULL,
            last_growth_at INTEGER NOT NULL,
            resolve_after  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX alerts_run ON alerts (run);

        CREATE TABLE alert_deliveries (
            destination TEXT    NOT NULL,
            key         TEXT    NOT NULL,
            hash        TEXT    NOT NULL,
            sent_at     INTEGER NOT NULL,
            PRIMARY KEY (destination, key)
        ) WITHOUT ROWID;

        CREATE TABLE silences (
            id         TEXT    NOT NULL PRIMARY KEY,
            matchers   TEXT    NOT NULL,
            starts_at  INTEGER NOT NULL,
            ends_at    INTEGER NOT NULL,
            created_by TEXT    NOT NULL,
            comment    TEXT    NOT NULL
        ) WITHOUT ROWID;
        """;

    public static async Task<IReadOnlyList<AlertRecord>> AlertsAsync(SqliteConnection connection, IReadOnlyCollection<string> runs, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            null, "SELECT fingerprint, labels, annotations, status, starts_at, ends_at, size, last_growth_at, resolve_after FROM alerts ORDER BY starts_at, fingerprint");
        var wanted = runs.ToHashSet(StringComparer.Ordinal);
        var result = new List<AlertRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = new AlertRecord(
                reader.GetString(0),
                Map(reader.GetString(1)),
                Map(reader.GetString(2)),
                Enum.Parse<AlertStatus>(reader.GetString(3)),
                UnixMs.To(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : UnixMs.To(reader.GetInt64(5)),
                reader.GetInt64(6),
                UnixMs.To(reader.GetInt64(7)),
                TimeSpan.FromMilliseconds(reader.GetInt64(8)));
            if (wanted.Count == 0 || wanted.Contains(record.Run))
            {
                result.Add(record);
            }
        }

        return result;
    }

    public static async Task<int> SaveAlertsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AlertRecord> alerts, CancellationToken cancellationToken)
    {
        foreach (var a in alerts)
        {
            using var command = connection.Command(transaction, """
                INSERT OR REPLACE INTO alerts (fingerprint, run, labels, annotations, status, starts_at, ends_at, size, last_growth_at, resolve_after)
                VALUES (@f, @run, @labels, @annotations, @status, @starts, @ends, @size, @growth, @resolve)
                """);
            command.Add("@f", a.Fingerprint);
            command.Add("@run", a.Run);
            command.Add("@labels", JsonSerializer.Serialize(a.Labels));
            command.Add("@annotations", JsonSerializer.Serialize(a.Annotations));
            command.Add("@status", a.Status.ToString());
            command.Add("@starts", UnixMs.From(a.StartsAt));
            command.Add("@ends", UnixMs.ToDb(a.EndsAt));
            command.Add("@size", a.Size);
            command.Add("@growth", UnixMs.From(a.LastGrowthAt));
            command.Add("@resolve", (long)a.ResolveAfter.TotalMilliseconds);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return alerts.Count;
    }

    public static async Task<IReadOnlyDictionary<string, AlertDelivery>> DeliveriesAsync(SqliteConnection connection, string destination, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, "SELECT key, hash, sent_at FROM alert_deliveries WHERE destination = @d");
        command.Add("@d", destination);
        var result = new Dictionary<string, AlertDelivery>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = new AlertDelivery(destination, reader.GetString(0), reader.GetString(1), UnixMs.To(reader.GetInt64(2)));
        }

        return result;
    }

    public static async Task<int> SaveDeliveryAsync(SqliteConnection connection, SqliteTransaction transaction, AlertDelivery delivery, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            transaction, "INSERT OR REPLACE INTO alert_deliveries (destination, key, hash, sent_at) VALUES (@d, @k, @h, @at)");
        command.Add("@d", delivery.Destination);
        command.Add("@k", delivery.Key);
        command.Add("@h", delivery.Hash);
        command.Add("@at", UnixMs.From(delivery.SentAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<int> AddSilenceAsync(SqliteConnection connection, SqliteTransaction transaction, Silence silence, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            transaction, "INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment) VALUES (@id, @m, @s, @e, @by, @c)");
        command.Add("@id", silence.Id);
        command.Add("@m", JsonSerializer.Serialize(silence.Matchers));
        command.Add("@s", UnixMs.From(silence.StartsAt));
        command.Add("@e", UnixMs.From(silence.EndsAt));
        command.Add("@by", silence.CreatedBy);
        command.Add("@c", silence.Comment);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<Silence>> SilencesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, "SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silences ORDER BY starts_at DESC, id");
        var result = new List<Silence>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new Silence(
                reader.GetString(0),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(1)) ?? [],
                UnixMs.To(reader.GetInt64(2)),
                UnixMs.To(reader.GetInt64(3)),
                reader.GetString(4),
                reader.GetString(5)));
        }

        return result;
    }

    public static async Task<bool> ExpireSilenceAsync(SqliteConnection connection, SqliteTransaction transaction, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var command = connection.Command(transaction, "UPDATE silences SET ends_at = min(ends_at, @at) WHERE id = @id");
        command.Add("@id", id);
        command.Add("@at", UnixMs.From(at));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static Dictionary<string, string> Map(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
