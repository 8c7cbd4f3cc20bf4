using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Triage.Hypotheses;
using Triage.Symptoms;

namespace Triage.Storage.Embedded;

/// <summary>
/// Hypotheses, their attribution and votes. A hypothesis row is keyed by (run, id) and kept when a
/// later analysis no longer produces it (its rank becomes NULL), so votes and notes survive
/// re-analysis. Root symptoms are attributed by id; collateral by claims (filters) kept as JSON.
/// </summary>
internal static class HypothesisTable
{
    public static async Task<bool> SaveAsync(SqliteConnection connection, SqliteTransaction transaction, Analysis analysis, CancellationToken cancellationToken)
    {
        var run = analysis.Run;
        var at = UnixMs.From(analysis.AnalyzedAt);
        using (var clear = connection.Command(transaction, "UPDATE hypotheses SET rank = NULL WHERE run = @run"))
        {
            clear.Add("@run", run);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var upsert = connection.Command(
            transaction,
            "INSERT INTO hypotheses (run, id, rank, score, doc, first_analyzed, last_analyzed) VALUES (@run, @id, @rank, @score, @doc, @at, @at) " +
            "ON CONFLICT (run, id) DO UPDATE SET rank = excluded.rank, score = excluded.score, doc = excluded.doc, last_analyzed = excluded.last_analyzed"))
        {
            var pRun = upsert.Add("@run", run);
            var pId = upsert.Add("@id", string.Empty);
            var pRank = upsert.Add("@rank", 0);
            var pScore = upsert.Add("@score", 0.0);
            var pDoc = upsert.Add("@doc", string.Empty);
            upsert.Add("@at", at);
            foreach (var h in analysis.Hypotheses)
            {
                pId.Value = h.Id;
                pRank.Value = h.Rank;
                pScore.Value = h.Score;
                pDoc.Value = Serialize(h);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _ = pRun;
        }

        using (var delete = connection.Command(transaction, "DELETE FROM attributions WHERE run = @run"))
        {
            delete.Add("@run", run);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var insert = connection.Command(transaction, "INSERT OR REPLACE INTO attributions (run, symptom_id, hypothesis, role) VALUES (@run, @sid, @h, @role)"))
        {
            insert.Add("@run", run);
            var pSid = insert.Add("@sid", string.Empty);
            var pH = insert.Add("@h", string.Empty);
            var pRole = insert.Add("@role", string.Empty);
            foreach (var (symptomId, (hypothesis, role)) in analysis.Attribution.ById)
            {
                pSid.Value = symptomId;
                pH.Value = hypothesis;
                pRole.Value = RoleName(role);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        using (var upsertRun = connection.Command(
            transaction,
            "INSERT INTO analyses (run, analyzed_at, symptoms, unexplained, claims) VALUES (@run, @at, @n, @u, @claims) " +
            "ON CONFLICT (run) DO UPDATE SET analyzed_at = excluded.analyzed_at, symptoms = excluded.symptoms, unexplained = excluded.unexplained, claims = excluded.claims"))
        {
            upsertRun.Add("@run", run);
            upsertRun.Add("@at", at);
            upsertRun.Add("@n", analysis.Symptoms);
            upsertRun.Add("@u", analysis.Unexplained);
            upsertRun.Add("@claims", SerializeClaims(analysis.Attribution.Claims));
            await upsertRun.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public static Task<IReadOnlyList<Hypothesis>> ListAsync(SqliteConnection connection, string run, CancellationToken cancellationToken) =>
        ListAsync(connection, run, 0, -1, cancellationToken);

    /// <summary>A page of <see cref="ListAsync(SqliteConnection, string, CancellationToken)"/>'s order; a negative limit reads to the end.</summary>
    public static async Task<IReadOnlyList<Hypothesis>> ListAsync(SqliteConnection connection, string run, int offset, int limit, CancellationToken cancellationToken)
    {
        var votes = await VotesAsync(connection, run, cancellationToken).ConfigureAwait(false);
        using var command = connection.Command(null, "SELECT rank, doc FROM hypotheses WHERE run = @run ORDER BY rank IS NULL, rank, score DESC, id LIMIT @limit OFFSET @offset");
        command.Add("@run", run);
        command.Add("@limit", limit);
        command.Add("@offset", offset);
        var result = new List<Hypothesis>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            using var doc = JsonDocument.Parse(reader.GetString(1));
            var h = AnalysisJson.ReadHypothesis(doc.RootElement);
            result.Add(h with { Rank = reader.IsDBNull(0) ? 0 : reader.GetInt32(0), Votes = votes.GetValueOrDefault(h.Id, VoteTally.None) });
        }

        return result;
    }

    public static async Task<HypothesisPage> PageAsync(SqliteConnection connection, string run, int offset, int limit, CancellationToken cancellationToken)
    {
        // Two reads without a shared snapshot: a re-analysis in between can make the total stale for
        // one poll, which only the header shows.
        long total;
        using (var count = connection.Command(null, "SELECT count(*) FROM hypotheses WHERE run = @run"))
        {
            count.Add("@run", run);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }

        var page = await ListAsync(connection, run, offset, limit, cancellationToken).ConfigureAwait(false);
        return new HypothesisPage(page, (int)total);
    }

    public static async Task<Attribution?> AttributionAsync(SqliteConnection connection, string run, CancellationToken cancellationToken)
    {
        string? claimsJson;
        using (var command = connection.Command(null, "SELECT claims FROM analyses WHERE run = @run"))
        {
            command.Add("@run", run);
            claimsJson = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        if (claimsJson is null)
        {
            return null;
        }

        var byId = new Dictionary<string, (string, AttributionRole)>(StringComparer.Ordinal);
        using (var command = connection.Command(null, "SELECT symptom_id, hypothesis, role FROM attributions WHERE run = @run"))
        {
            command.Add("@run", run);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byId[reader.GetString(0)] = (reader.GetString(1), ParseRole(reader.GetString(2)));
            }
        }

        return new Attribution(byId, DeserializeClaims(claimsJson, run));
    }

    public static async Task<Dictionary<string, VoteTally>> VotesAsync(SqliteConnection connection, string run, CancellationToken cancellationToken)
    {
        using var command = connection.Command(null, "SELECT hypothesis, sum(vote > 0), sum(vote < 0) FROM votes WHERE run = @run GROUP BY hypothesis");
        command.Add("@run", run);
        var result = new Dictionary<string, VoteTally>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = new VoteTally(reader.GetInt32(1), reader.GetInt32(2));
        }

        return result;
    }

    public static async Task<bool> VoteAsync(SqliteConnection connection, SqliteTransaction transaction, string run, string hypothesis, string voter, int vote, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var command = vote == 0
            ? connection.Command(transaction, "DELETE FROM votes WHERE run = @run AND hypothesis = @h AND voter = @voter")
            : connection.Command(
                transaction,
                "INSERT INTO votes (run, hypothesis, voter, vote, at) VALUES (@run, @h, @voter, @vote, @at) " +
                "ON CONFLICT (run, hypothesis, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at");
        command.Add("@run", run);
        command.Add("@h", hypothesis);
        command.Add("@voter", voter);
        if (vote != 0)
        {
            command.Add("@vote", Math.Sign(vote));
            command.Add("@at", UnixMs.From(at));
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await ReviewTable.LogVoteAsync(connection, transaction, run, hypothesis, voter, Math.Sign(vote), at, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string Serialize(Hypothesis h)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, SymptomJson.WriterOptions))
        {
            AnalysisJson.WriteHypothesis(writer, h);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string SerializeClaims(IReadOnlyList<AttributionClaim> claims)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, SymptomJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var claim in claims)
            {
                AttributionClaimJson.Write(writer, claim);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static List<AttributionClaim> DeserializeClaims(string json, string run)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(e => AttributionClaimJson.Read(e, run))];
    }

    private static string RoleName(AttributionRole role) => role == AttributionRole.Root ? "root" : "collateral";

    private static AttributionRole ParseRole(string text) => text == "root" ? AttributionRole.Root : AttributionRole.Collateral;
}
