using System.CommandLine;
using System.Globalization;
using Triage.Collectors.Extraction;
using Triage.Storage.Elasticsearch;

namespace Triage.Cli.Commands;

/// <summary>
/// <c>triage collect-es INDEX_PATTERN --run NAME</c>: extract symptoms from log documents a shipper
/// (Filebeat, Fluent Bit) already put in Elasticsearch, resumably, into the store.
/// </summary>
internal static class CollectEsCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var pattern = new Argument<string>("INDEX_PATTERN") { Description = "Index pattern or data stream of the shipped logs, e.g. filebeat-* or logs-*" };
        var run = new Option<string>("--run") { Description = "Run name the symptoms belong to", Required = true };
        var from = new Option<string?>("--from") { Description = "Cluster holding the logs: https://HOST:9200 (several nodes comma-separated, or cloud:CLOUD_ID; default: the --store cluster; credentials from TRIAGE_ES_*)" };
        var pageSize = new Option<int>("--page-size") { Description = "Documents per page", DefaultValueFactory = _ => 1000 };
        var command = new Command("collect-es", "Collect shipped log documents from Elasticsearch into the store (resumable: a checkpoint per index pattern)") { pattern, run, from, pageSize };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(env, async token =>
        {
            var size = parse.GetValue(pageSize);
            if (size is < 1 or > 10_000)
            {
                throw new TriageException("collect-es: --page-size must be 1..10000", ExitCodes.Usage);
            }

            var fromUrl = parse.GetValue(from);
            var storeSpec = StoreLocation.Describe(parse.GetValue(global.Store), env);
            if (fromUrl is null && !StoreLocation.IsElasticsearch(storeSpec))
            {
                throw new TriageException("collect-es: give --from https://HOST:9200 (the store is not Elasticsearch)", ExitCodes.Usage);
            }

            var rules = RulesLocation.Load(parse.GetValue(global.Rules), env);
            var insecure = parse.GetValue(global.Insecure);
            var runName = parse.GetValue(run)!;
            await using var store = await StoreLocation.OpenAsync(storeSpec, insecure, env, token).ConfigureAwait(false);
            await using var opened = fromUrl is null ? null : await StoreLocation.OpenAsync("es:" + fromUrl, insecure, env, token).ConfigureAwait(false);
            var source = ((ElasticsearchSymptomStore)(opened ?? store)).LogSource(parse.GetValue(pattern)!);

            var extractor = new LogRecordExtractor(rules, runName, env.Time.GetUtcNow());
            var result = await LogDocumentPull.RunAsync(source, store, extractor, runName, size, env.Time, token).ConfigureAwait(false);
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"run '{result.Run}': {result.Documents} documents read from {source.SourceId}; {result.SymptomsFound} symptoms ({result.SymptomsNew} new)")).ConfigureAwait(false);
            await SymptomsCommand.WriteByKindAsync(store, result.Run, env, token).ConfigureAwait(false);
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
