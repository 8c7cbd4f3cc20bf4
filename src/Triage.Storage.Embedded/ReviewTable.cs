using Microsoft.Data.Sqlite;
using Triage.Hypotheses;

namespace Triage.Storage.Embedded;

/// <summary>
/// Who voted, and the append-only log of decisions and notes on hypotheses. Keyed by hypothesis id
/// (not rank), so both survive re-analysis like the votes do.
/// </summary>
internal static class ReviewTable
{
    /// <summary>The schema migration that adds the review log (the votes table already names the voters).</summary>
    public const string Create = """
        CREATE TABLE reviews (
            id         INTEGER PRIMARY KEY,
            run        TEXT    NOT NULL,
            hypothesis TEXT    NOT NULL,
            kind       TEXT    NOT NULL,
            author     TEXT    NOT NULL,
            text       TEXT    NOT NULL,
            at         INTEGER NOT NULL
        );
        CREATE INDEX reviews_run ON reviews (run, id);
        """;

    /// <summary>
    /// The schema migration that adds the vote log: every vote as it was cast (0 = withdrawn), so a
    /// report can show how belief moved. Votes cast before it exist only as current votes.
    /// </summary>
    public const string CreateVoteLog = """
        CREATE TABLE vote_log (
            id         INTEGER PRIMARY KEY,
            run        TEXT    NOT NULL,
            hypothesis TEXT    NOT NULL,
            voter      TEXT    NOT NULL,
            vote       INTEGER NOT NULL,
            at         INTEGER NOT NULL
        );
        CREATE INDEX vote_log_run ON vote_log (run, id);
        """;

    public static async Task LogVoteAsync(SqliteConnection connection, SqliteTransaction transaction, string run, string hypothesis, string voter, int vote, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            transaction, "INSERT INTO vote_log (run, hypothesis, voter, vote, at) VALUES (@run, @h, @voter, @vote, @at)");
        command.Add("@run", run);
        command.Add("@h", hypothesis);
        command.Add("@voter", voter);
        command.Add("@vote", vote);
        command.Add("@at", UnixMs.From(at));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The vote log in casting order; a current vote with no log entry (cast before the log existed) comes first, once.</summary>
    public static async Task<IReadOnlyList<VoteRecord>> VoteHistoryAsync(SqliteConnection connection, string run, CancellationToken cancellationToken)
    {
        var logged = new List<VoteRecord>();
        using (var command = connection.Command(null, "SELECT hypothesis, voter, vote, at FROM vote_log WHERE run = @run ORDER BY id"))
        {
            command.Add("@run", run);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                logged.Add(new VoteRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), UnixMs.To(reader.GetInt64(3))));
            }
        }

        var seen = logged.Select(v => (v.HypothesisId, v.Voter)).ToHashSet();
        var older = (await VotersAsync(connection, run, cancellationToken).ConfigureAwait(false))
            .Where(v => !seen.Contains((v.HypothesisId, v.Voter)))
            .OrderBy(v => v.At);
        return [.. older, .. logged];
    }

    public static async Task<IReadOnlyList<VoteRecord>> VotersAsync(SqliteConnection connection, string run, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, "SELECT hypothesis, voter, vote, at FROM votes WHERE run = @run ORDER BY hypothesis, voter");
        command.Add("@run", run);
        var result = new List<VoteRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new VoteRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), UnixMs.To(reader.GetInt64(3))));
        }

        return result;
    }

    public static async Task<bool> AddAsync(SqliteConnection connection, SqliteTransaction transaction, string run, ReviewEntry entry, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            transaction, "INSERT INTO reviews (run, hypothesis, kind, author, text, at) VALUES (@run, @h, @kind, @author, @text, @at)");
        command.Add("@run", run);
        command.Add("@h", entry.HypothesisId);
        command.Add("@kind", KindName(entry.Kind));
        command.Add("@author", entry.Author);
        command.Add("@text", entry.Text);
        command.Add("@at", UnixMs.From(entry.At));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public static async Task<IReadOnlyList<ReviewEntry>> ListAsync(SqliteConnection connection, string run, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, "SELECT hypothesis, kind, author, text, at FROM reviews WHERE run = @run ORDER BY id");
        command.Add("@run", run);
        var result = new List<ReviewEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new ReviewEntry(reader.GetString(0), ParseKind(reader.GetString(1)), reader.GetString(2), reader.GetString(3), UnixMs.To(reader.GetInt64(4))));
        }

        return result;
    }

    private static string KindName(ReviewKind kind) => kind switch
    {
        ReviewKind.Note => "note",
        ReviewKind.Confirm => "confirm",
        ReviewKind.Reject => "reject",
        _ => throw new FormatException($"undefined review kind {(int)kind}"),
    };

    private static ReviewKind ParseKind(string text) => text switch
    {
        "note" => ReviewKind.Note,
        "confirm" => ReviewKind.Confirm,
        "reject" => ReviewKind.Reject,
        _ => throw new FormatException($"unknown review kind '{text}'"),
    };
}
