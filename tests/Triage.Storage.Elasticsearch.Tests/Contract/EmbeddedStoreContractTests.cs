using Triage.Storage.Embedded;

namespace Triage.Storage.Elasticsearch.Tests.Contract;

/// <summary>The contract against the embedded (SQLite) store, in a temporary directory.</summary>
public sealed class EmbeddedStoreContractTests : SymptomStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "triage-contract-tests", Guid.NewGuid().ToString("N"));

    protected override async Task<ISymptomStore> OpenAsync(TimeProvider clock) =>
        await SqliteSymptomStore.OpenAsync(Path.Combine(_directory, "store.db"), clock);

    protected override Task CleanUpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
