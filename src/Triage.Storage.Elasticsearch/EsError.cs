using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// An error as Elasticsearch reports it: a whole-request envelope (<c>{"error":{...},"status":N}</c>)
/// or the <c>error</c> object of one bulk item. <see cref="Reason"/> follows the <c>caused_by</c> chain.
/// </summary>
/// <param name="Type">e.g. <c>version_conflict_engine_exception</c>; empty when the body had none.</param>
/// <param name="Reason">The reason, with nested causes appended ("; caused by ...").</param>
internal sealed record EsError(string Type, string Reason)
{
    /// <summary>Parses an <c>error</c> object (or string, as some proxies send).</summary>
    public static EsError FromErrorElement(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
        {
            return new EsError(string.Empty, error.GetString() ?? string.Empty);
        }

        if (error.ValueKind != JsonValueKind.Object)
        {
            return new EsError(string.Empty, string.Empty);
        }

        var type = error.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        var reason = error.TryGetProperty("reason", out var r) ? r.GetString() ?? string.Empty : string.Empty;
        var current = error;
        var depth = 0;
        while (depth++ < 5 && current.TryGetProperty("caused_by", out var cause) && cause.ValueKind == JsonValueKind.Object)
        {
            var causeType = cause.TryGetProperty("type", out var ct) ? ct.GetString() : null;
            var causeReason = cause.TryGetProperty("reason", out var cr) ? cr.GetString() : null;
            reason += $"; caused by {causeType}: {causeReason}";
            current = cause;
        }

        return new EsError(type, reason);
    }

    /// <summary>A bulk item's error as the client read it, with its cause chain.</summary>
    public static EsError FromCause(Elastic.Clients.Elasticsearch.ErrorCause error) =>
        Chain(error.Type ?? string.Empty, error.Reason, error.CausedBy, c => (c.Type, c.Reason, c.CausedBy));

    /// <summary>A whole-request error as the transport read it, with its cause chain.</summary>
    public static EsError FromCause(Elastic.Transport.Products.Elasticsearch.ErrorCause error) =>
        Chain(error.Type ?? string.Empty, error.Reason, error.CausedBy, c => (c.Type, c.Reason, c.CausedBy));

    /// <summary>Parses a whole response body; an unparsable or empty body gives an empty error.</summary>
    public static EsError FromBody(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error)
                ? FromErrorElement(error)
                : new EsError(string.Empty, string.Empty);
        }
        catch (JsonException)
        {
            return new EsError(string.Empty, string.Empty);
        }
    }

    private static EsError Chain<TCause>(string type, string? reason, TCause? cause, Func<TCause, (string? Type, string? Reason, TCause? CausedBy)> parts)
        where TCause : class
    {
        var text = reason ?? string.Empty;
        for (var depth = 0; depth < 5 && cause is not null; depth++)
        {
            var (causeType, causeReason, next) = parts(cause);
            text += $"; caused by {causeType}: {causeReason}";
            cause = next;
        }

        return new EsError(type, text);
    }

    /// <summary>One line for a message: "type: reason", bounded.</summary>
    public override string ToString()
    {
        var text = Type.Length == 0 ? Reason : Reason.Length == 0 ? Type : Type + ": " + Reason;
        return text.Length > 500 ? text[..500] + "..." : text;
    }
}
