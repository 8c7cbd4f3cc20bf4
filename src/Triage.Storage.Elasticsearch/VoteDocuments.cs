using System.Globalization;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Triage.Hypotheses;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Votes: one document per (run, hypothesis, engineer). The first vote is created with
/// <c>_create</c>; a change reads the document and writes it back with <c>if_seq_no</c> and
/// <c>if_primary_term</c>, so two engineers' (or two windows') concurrent changes never overwrite
/// each other blindly: a 409 re-reads and tries again. A withdrawn vote is kept as 0. Tallies
/// come from a terms aggregation with filters per sign.
/// </summary>
internal sealed class VoteDocuments
{
    private const int MaxConflicts = 10;
    private readonly StateIndex _state;
    private readonly string _alias;

    public VoteDocuments(StateIndex state, EsLayout layout)
    {
        _state = state;
        _alias = layout.Votes;
    }

    public async Task VoteAsync(string run, string hypothesis, string voter, int vote, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = EsLayout.DocumentId(run, hypothesis, voter);
        var sign = Math.Sign(vote);
        void Body(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("run", run);
            w.WriteString("hypothesis", hypothesis);
            w.WriteString("voter", voter);
            w.WriteNumber("vote", sign);
            w.WriteString("at", SymptomDocument.Time(at));
            w.WriteEndObject();
        }

        var client = _state.Client;
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var current = await client.ExpectAsync("read a vote", ct => client.Client.GetAsync<JsonElement>(client.Prepare(new GetRequest(_alias, id)), ct), cancellationToken, 404).ConfigureAwait(false);
            if (EsClient.Status(current) == 404 || !current.Found)
            {
                if (sign == 0)
                {
                    return;
                }

                if (await _state.CreateAsync("record a vote", _alias, id, Body, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue; // another writer created it first: read it and change it
            }

            var change = new IndexRequest<RawDocument>(new RawDocument(EsClient.Json(Body)), _alias, id)
            {
                IfSeqNo = current.SeqNo,
                IfPrimaryTerm = current.PrimaryTerm,
                Refresh = Refresh.WaitFor,
            };
            var written = await client.ExpectAsync("change a vote", ct => client.Client.IndexAsync(client.Prepare(change), ct), cancellationToken, 409).ConfigureAwait(false);
            if (EsClient.Status(written) != 409)
            {
                return;
            }
        }

        throw new StoreException($"record a vote: the vote of {voter} on {hypothesis} kept changing under us ({MaxConflicts.ToString(CultureInfo.InvariantCulture)} version conflicts)");
    }

    public async Task<IReadOnlyList<VoteRecord>> ListAsync(string run, CancellationToken cancellationToken)
    {
        var sources = await _state.SearchAsync("read votes", _alias, "run", run, cancellationToken).ConfigureAwait(false);
        return sources
            .Select(s => new VoteRecord(StateIndex.Text(s, "hypothesis"), StateIndex.Text(s, "voter"), s.GetProperty("vote").GetInt32(), StateIndex.Date(s, "at")))
            .Where(v => v.Vote != 0)
            .OrderBy(v => v.HypothesisId, StringComparer.Ordinal)
            .ThenBy(v => v.Voter, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Up and down votes per hypothesis of a run, by aggregation.</summary>
    public async Task<Dictionary<string, VoteTally>> TalliesAsync(string run, CancellationToken cancellationToken)
    {
        var response = await _state.Client.SearchAsync("tally votes", _alias, w => WriteTallyBody(w, run), cancellationToken).ConfigureAwait(false);
        return Tallies(response.Aggregations);
    }

    internal static void WriteTallyBody(Utf8JsonWriter w, string run)
    {
        w.WriteStartObject();
        w.WriteNumber("size", 0);
        EsQuery.WriteTermQuery(w, "run", run);
        w.WriteStartObject("aggs");
        w.WriteStartObject("by_hypothesis");
        w.WriteStartObject("terms");
        w.WriteString("field", "hypothesis");
        w.WriteNumber("size", StateIndex.MaxDocuments);
        w.WriteEndObject();
        w.WriteStartObject("aggs");
        foreach (var (name, value) in new[] { ("up", 1), ("down", -1) })
        {
            w.WriteStartObject(name);
            w.WriteStartObject("filter");
            w.WriteStartObject("term");
            w.WriteNumber("vote", value);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    internal static Dictionary<string, VoteTally> Tallies(AggregateDictionary? aggregations)
    {
        var result = new Dictionary<string, VoteTally>(StringComparer.Ordinal);
        foreach (var (key, _, bucket) in StateIndex.TermsBuckets(aggregations, "by_hypothesis"))
        {
            result[key] = new VoteTally(
                (int)(bucket?.GetFilter("up")?.DocCount ?? 0),
                (int)(bucket?.GetFilter("down")?.DocCount ?? 0));
        }

        return result;
    }
}
