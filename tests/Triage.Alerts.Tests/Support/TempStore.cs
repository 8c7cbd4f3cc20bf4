using Triage.Storage.Embedded;

namespace Triage.Alerts.Tests.Support;

/// <summary>A real embedded store on a temp file, deleted on dispose.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private TempStore(string dir, SqliteSymptomStore store)
    {
        Dir = dir;
        Store = store;
    }

    public string Dir { get; }

    public SqliteSymptomStore Store { get; }

    public static async Task<TempStore> OpenAsync(TimeProvider time)
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-alerts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return new TempStore(dir, await SqliteSymptomStore.OpenAsync(Path.Combine(dir, "triage.db"), time));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
