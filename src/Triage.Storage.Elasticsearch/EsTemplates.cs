using System.Text.Json;

namespace Triage.Storage.Elasticsearch;

/// <summary>
/// Installs the versioned templates at startup, each only when the cluster has none or an older
/// version (a newer one from a newer build is left alone), then makes sure the data stream and
/// the aliased state indices exist. When the event mapping was upgraded the data stream is rolled
/// over so new symptoms get the new mapping.
/// </summary>
internal static class EsTemplates
{
    public static async Task InstallAsync(EsClient client, EsLayout layout, CancellationToken cancellationToken)
    {
        await InstallIfNewerAsync(client, "_component_template", "triage-events-mappings", "component_templates", "component_template", EsMappings.WriteEventsComponent, cancellationToken).ConfigureAwait(false);
        var upgraded = await InstallIfNewerAsync(client, "_index_template", "triage-events", "index_templates", "index_template", EsMappings.WriteEventsIndexTemplate, cancellationToken).ConfigureAwait(false);
        foreach (var kind in EsLayout.StateKinds)
        {
            await InstallIfNewerAsync(client, "_index_template", "triage-" + kind, "index_templates", "index_template", w => EsMappings.WriteStateIndexTemplate(w, kind), cancellationToken).ConfigureAwait(false);
        }

        await EnsureDataStreamAsync(client, layout.Events, upgraded, cancellationToken).ConfigureAwait(false);
        foreach (var kind in EsLayout.StateKinds)
        {
            await EnsureAliasAsync(client, layout.Alias(kind), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The installed template's version (0 when absent or unversioned).</summary>
    internal static int InstalledVersion(JsonElement root, string listName, string itemName)
    {
        if (root.TryGetProperty(listName, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty(itemName, out var template) && template.TryGetProperty("version", out var v) && v.TryGetInt32(out var version))
                {
                    return version;
                }
            }
        }

        return 0;
    }

    /// <summary>True when the template was (re)installed over an older version.</summary>
    private static async Task<bool> InstallIfNewerAsync(
        EsClient client, string api, string name, string listName, string itemName, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var (status, doc) = await client.JsonAsync($"read template {name}", HttpMethod.Get, $"{api}/{name}", null, cancellationToken, 404).ConfigureAwait(false);
        int installed;
        using (doc)
        {
            installed = status == 404 ? 0 : InstalledVersion(doc.RootElement, listName, itemName);
        }

        if (installed >= EsLayout.TemplateVersion)
        {
            return false;
        }

        (_, doc) = await client.JsonAsync($"install template {name}", HttpMethod.Put, $"{api}/{name}", body, cancellationToken).ConfigureAwait(false);
        doc.Dispose();
        return status != 404;
    }

    private static async Task EnsureDataStreamAsync(EsClient client, string name, bool upgraded, CancellationToken cancellationToken)
    {
        var (status, doc) = await client.JsonAsync("read data stream", HttpMethod.Get, "_data_stream/" + name, null, cancellationToken, 404).ConfigureAwait(false);
        doc.Dispose();
        if (status == 404)
        {
            (_, doc) = await client.JsonAsync("create data stream", HttpMethod.Put, "_data_stream/" + name, null, cancellationToken, 400).ConfigureAwait(false);
            doc.Dispose(); // 400 resource_already_exists_exception: another collector was first
        }
        else if (upgraded)
        {
            (_, doc) = await client.JsonAsync("roll over data stream", HttpMethod.Post, name + "/_rollover", null, cancellationToken).ConfigureAwait(false);
            doc.Dispose();
        }
    }

    private static async Task EnsureAliasAsync(EsClient client, string alias, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("check alias " + alias, new EsRequest(HttpMethod.Head, "_alias/" + alias), cancellationToken).ConfigureAwait(false);
        if (response.Status == 200)
        {
            return;
        }

        var (_, doc) = await client.JsonAsync(
            "create index " + alias,
            HttpMethod.Put,
            alias + "-000001",
            w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("aliases");
                w.WriteStartObject(alias);
                w.WriteBoolean("is_write_index", true);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            },
            cancellationToken,
            400);
        doc.Dispose();
    }
}
