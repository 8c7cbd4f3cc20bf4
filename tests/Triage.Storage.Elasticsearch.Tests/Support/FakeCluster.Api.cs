using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Triage.Storage.Elasticsearch.Tests.Support;

/// <summary>The stand-in's APIs: bulk, documents, templates, data streams, indices, points-in-time, search.</summary>
internal sealed partial class FakeCluster
{
    private StandInResponse Bulk(string body)
    {
        var number = BulkRequests++;
        BulkBodyBytes.Add(Encoding.UTF8.GetByteCount(body));
        if (WholeRequestFailure(number) is { } status)
        {
            return status == 429
                ? Respond((HttpStatusCode)429, WireExamples.Bytes(number % 2 == 0 ? "error_429_es_rejected_execution_indexing_pressure.json" : "error_429_rejected_execution_variant.json"))
                : Respond((HttpStatusCode)status, []);
        }

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        for (var i = 0; i < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            Actions.Add(action.Key);
            var index = action.Value!["_index"]!.GetValue<string>();
            var id = action.Value!["_id"]!.GetValue<string>();
            var itemStatus = ItemStatus(number, i / 2);
            JsonNode template;
            if (itemStatus != 0)
            {
                template = JsonNode.Parse((itemStatus == 429 ? _rejected : _mapping).GetRawText())!;
            }
            else if (Index(index).ContainsKey(id) && action.Key == "create")
            {
                template = JsonNode.Parse(_exists.GetRawText())!;
            }
            else
            {
                Index(index)[id] = (JsonNode.Parse(lines[i + 1])!.AsObject(), ++_ordinal);
                Created++;
                template = JsonNode.Parse(_created.GetRawText())!;
            }

            template["_index"] = BackingIndex(index);
            template["_id"] = id;
            items.Add(new JsonObject { [action.Key] = template });
        }

        if (CrashAfterBulk(number))
        {
            return new StandInResponse(0, [], Crash: true);
        }

        var errors = items.Any(i => i!.AsObject().Single().Value!["status"]!.GetValue<int>() >= 300);
        return Json(200, new JsonObject { ["errors"] = errors, ["took"] = 3, ["items"] = items });
    }

    private string BackingIndex(string name) => _dataStreams.Contains(name) ? ".ds-" + name + "-2026.12.07-000001" : Resolve(name);

    private StandInResponse GetDocument(string index, string id) =>
        Index(index).TryGetValue(id, out var doc)
            ? Json(200, new JsonObject { ["_index"] = Resolve(index), ["_id"] = id, ["_version"] = 1, ["_seq_no"] = doc.SeqNo, ["_primary_term"] = 1, ["found"] = true, ["_source"] = doc.Source.DeepClone() })
            : Json(404, new JsonObject { ["_index"] = Resolve(index), ["_id"] = id, ["found"] = false });

    private StandInResponse IndexDocument(string index, string id, StandInRequest request, bool create)
    {
        var docs = Index(index);
        var exists = docs.TryGetValue(id, out var current);
        if (create && exists)
        {
            return Respond(HttpStatusCode.Conflict, WireExamples.Bytes("error_409_version_conflict_if_seq_no.json"));
        }

        if (request.Query("if_seq_no") is { } seqNo && (!exists || current.SeqNo.ToString(System.Globalization.CultureInfo.InvariantCulture) != seqNo || request.Query("if_primary_term") != "1"))
        {
            return Respond(HttpStatusCode.Conflict, WireExamples.Bytes("error_409_version_conflict_if_seq_no.json"));
        }

        var seq = ++_ordinal;
        docs[id] = (JsonNode.Parse(request.Body)!.AsObject(), seq);
        return Json(exists ? 200 : 201, new JsonObject
        {
            ["_index"] = Resolve(index),
            ["_id"] = id,
            ["_version"] = 1,
            ["result"] = exists ? "updated" : "created",
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 },
            ["_seq_no"] = seq,
            ["_primary_term"] = 1,
        });
    }

    private StandInResponse DeleteDocument(string index, string id)
    {
        var found = Index(index).Remove(id);
        return Json(found ? 200 : 404, new JsonObject
        {
            ["_index"] = Resolve(index),
            ["_id"] = id,
            ["_version"] = 1,
            ["result"] = found ? "deleted" : "not_found",
            ["_shards"] = Shards(),
            ["_seq_no"] = ++_ordinal,
            ["_primary_term"] = 1,
        });
    }

    private static StandInResponse GetTemplate(Dictionary<string, JsonNode> templates, string name, string list, string item) =>
        templates.TryGetValue(name, out var body)
            ? Json(200, new JsonObject { [list] = new JsonArray(new JsonObject { ["name"] = name, [item] = body.DeepClone() }) })
            : Missing("resource_not_found_exception", $"index template matching [{name}] not found");

    private static StandInResponse PutTemplate(Dictionary<string, JsonNode> templates, string name, string body)
    {
        templates[name] = JsonNode.Parse(body)!;
        return Json(200, new JsonObject { ["acknowledged"] = true });
    }

    private StandInResponse CreateDataStream(string name)
    {
        if (!_dataStreams.Add(name))
        {
            return Json(400, Error("resource_already_exists_exception", $"data_stream [{name}] already exists", 400));
        }

        return Json(200, new JsonObject { ["acknowledged"] = true });
    }

    private JsonObject DataStream(string name) => new()
    {
        ["data_streams"] = new JsonArray(new JsonObject
        {
            ["name"] = name,
            ["timestamp_field"] = new JsonObject { ["name"] = "@timestamp" },
            ["indices"] = new JsonArray(new JsonObject { ["index_name"] = BackingIndex(name), ["index_uuid"] = "Uv7Ct5bJSAKQKCmSTbBHtw" }),
            ["generation"] = 1,
            ["status"] = "GREEN",
            ["template"] = "triage-events",
            ["hidden"] = false,
            ["system"] = false,
            ["allow_custom_routing"] = false,
            ["replicated"] = false,
            ["rollover_on_write"] = false,
        }),
    };

    private StandInResponse CreateIndex(string index, string body)
    {
        if (_indices.ContainsKey(index) || _aliases.ContainsKey(index))
        {
            return Json(400, Error("resource_already_exists_exception", $"index [{index}/xyz] already exists", 400));
        }

        _indices[index] = new(StringComparer.Ordinal);
        if (body.Length > 0 && JsonNode.Parse(body)?["aliases"] is JsonObject aliases)
        {
            foreach (var (alias, _) in aliases)
            {
                _aliases[alias] = index;
            }
        }

        return Json(200, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
    }

    private StandInResponse OpenPit(string target)
    {
        var id = Convert.ToBase64String(Encoding.UTF8.GetBytes(target + "|" + (++_ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _pits[id] = target;
        return Json(200, new JsonObject { ["id"] = id, ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 } });
    }

    private StandInResponse ClosePit(string body)
    {
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        var freed = _pits.Remove(id);
        return Json(freed ? 200 : 404, new JsonObject { ["succeeded"] = true, ["num_freed"] = freed ? 1 : 0 });
    }

    private List<StandInSearch.Doc> Documents(string target)
    {
        var result = new List<StandInSearch.Doc>();
        foreach (var part in target.Split(','))
        {
            var pattern = "^" + Regex.Escape(Resolve(part)).Replace(@"\*", ".*", StringComparison.Ordinal) + "$";
            foreach (var (name, docs) in _indices.Where(i => Regex.IsMatch(i.Key, pattern)))
            {
                result.AddRange(docs.Select(d => new StandInSearch.Doc(BackingIndex(name), d.Key, d.Value.Source, d.Value.SeqNo)));
            }
        }

        return result.OrderBy(d => d.Ordinal).ToList();
    }

    private StandInResponse Search(string? target, StandInRequest request)
    {
        var body = request.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(request.Body)!.AsObject();
        string? pitId = null;
        if (body["pit"]?["id"]?.GetValue<string>() is { } pit)
        {
            if (!_pits.TryGetValue(pit, out var pitTarget))
            {
                return Missing("search_context_missing_exception", "No search context found for id [" + pit + "]");
            }

            pitId = pit;
            target = pitTarget;
        }

        var typedKeys = request.Query("typed_keys") == "true";
        return Json(200, StandInSearch.Run(Documents(target ?? "*"), body, typedKeys, pitId));
    }

    private StandInResponse Count(string target, string body)
    {
        var query = body.Length == 0 ? null : JsonNode.Parse(body)?["query"];
        return Json(200, new JsonObject { ["count"] = Documents(target).Count(d => StandInSearch.Matches(query, d.Source)), ["_shards"] = Shards() });
    }
}
