using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Transport;

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
        await InstallComponentAsync(client, "triage-events-mappings", EsMappings.WriteEventsComponent, cancellationToken).ConfigureAwait(false);
        var upgraded = await InstallIndexTemplateAsync(client, "triage-events", EsMappings.WriteEventsIndexTemplate, cancellationToken).ConfigureAwait(false);
        foreach (var kind in EsLayout.StateKinds)
        {
            await InstallIndexTemplateAsync(client, "triage-" + kind, w => EsMappings.WriteStateIndexTemplate(w, kind), cancellationToken).ConfigureAwait(false);
        }

        await EnsureDataStreamAsync(client, layout.Events, upgraded, cancellationToken).ConfigureAwait(false);
        foreach (var kind in EsLayout.StateKinds)
        {
            await EnsureAliasAsync(client, layout.Alias(kind), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the component template was (re)installed over an older version.</summary>
    private static Task<bool> InstallComponentAsync(EsClient client, string name, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var request = client.Typed<PutComponentTemplateRequest>(body);
        request.Name = name;
        return InstallIfNewerAsync(
            client,
            name,
            ct => client.Client.Cluster.GetComponentTemplateAsync(client.Prepare(new GetComponentTemplateRequest(name)), ct),
            found => found.ComponentTemplates.Select(t => t.ComponentTemplateNode.Version ?? 0).DefaultIfEmpty(0).Max(),
            ct => client.Client.Cluster.PutComponentTemplateAsync(client.Prepare(request), ct),
            cancellationToken);
    }

    /// <summary>True when the index template was (re)installed over an older version.</summary>
    private static Task<bool> InstallIndexTemplateAsync(EsClient client, string name, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var request = client.Typed<PutIndexTemplateRequest>(body);
        request.Name = name;
        return InstallIfNewerAsync(
            client,
            name,
            ct => client.Client.Indices.GetIndexTemplateAsync(client.Prepare(new GetIndexTemplateRequest(name)), ct),
            found => found.IndexTemplates.Select(t => t.IndexTemplate.Version ?? 0).DefaultIfEmpty(0).Max(),
            ct => client.Client.Indices.PutIndexTemplateAsync(client.Prepare(request), ct),
            cancellationToken);
    }

    /// <summary>Reads the installed version (a 404 is none) and puts ours when it is newer; true when an older one was replaced.</summary>
    private static async Task<bool> InstallIfNewerAsync<TGet, TPut>(
        EsClient client,
        string name,
        Func<CancellationToken, Task<TGet>> get,
        Func<TGet, long> installedVersion,
        Func<CancellationToken, Task<TPut>> put,
        CancellationToken cancellationToken)
        where TGet : TransportResponse
        where TPut : TransportResponse
    {
        var current = await client.ExpectAsync($"read template {name}", get, cancellationToken, 404).ConfigureAwait(false);
        var found = EsClient.Status(current) != 404;
        if (found && installedVersion(current) >= EsLayout.TemplateVersion)
        {
            return false;
        }

        await client.ExpectAsync($"install template {name}", put, cancellationToken).ConfigureAwait(false);
        return found;
    }

    private static async Task EnsureDataStreamAsync(EsClient client, string name, bool upgraded, CancellationToken cancellationToken)
    {
        var current = await client.ExpectAsync(
            "read data stream", ct => client.Client.Indices.GetDataStreamAsync(client.Prepare(new GetDataStreamRequest(name)), ct), cancellationToken, 404).ConfigureAwait(false);
        if (EsClient.Status(current) == 404)
        {
            // 400 resource_already_exists_exception: another collector was first.
            await client.ExpectAsync(
                "create data stream", ct => client.Client.Indices.CreateDataStreamAsync(client.Prepare(new CreateDataStreamRequest(name)), ct), cancellationToken, 400).ConfigureAwait(false);
        }
        else if (upgraded)
        {
            await client.ExpectAsync("roll over data stream", ct => client.Client.Indices.RolloverAsync(client.Prepare(new RolloverRequest(name)), ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureAliasAsync(EsClient client, string alias, CancellationToken cancellationToken)
    {
        var exists = await client.SendAsync(
            "check alias " + alias, ct => client.Client.Indices.ExistsAliasAsync(client.Prepare(new ExistsAliasRequest(alias)), ct), cancellationToken).ConfigureAwait(false);
        if (EsClient.Status(exists) == 200)
        {
            return;
        }

        // 400 resource_already_exists_exception: another collector was first.
        var create = new CreateIndexRequest(alias + "-000001") { Aliases = new Dictionary<Name, Alias> { [alias] = new Alias { IsWriteIndex = true } } };
        await client.ExpectAsync("create index " + alias, ct => client.Client.Indices.CreateAsync(client.Prepare(create), ct), cancellationToken, 400).ConfigureAwait(false);
    }
}
