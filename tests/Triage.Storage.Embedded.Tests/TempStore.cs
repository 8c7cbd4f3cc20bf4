using Microsoft.Extensions.Time.Testing;

namespace Triage.Storage.Embedded.Tests;

/// <summary>A temp directory with a store file in it; disposing closes the stores and deletes the directory.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private readonly List<SqliteSymptomStore> _opened = [];

    private TempStore(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string FilePath => System.IO.Path.Combine(Directory, "store.db");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 5, 2, 3, 0, 0, TimeSpan.Zero));

    public SqliteSymptomStore Store => _opened[0];

    public static async Task<TempStore> CreateAsync()
    {
        var temp = new TempStore(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "triage-store-tests", Guid.NewGuid().ToString("N")));
        await temp.OpenAsync();
        return temp;
    }

    public static TempStore CreateEmpty() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "triage-store-tests", Guid.NewGuid().ToString("N")));

    /// <summary>Opens another instance on the same file, as a second process would.</summary>
    public async Task<SqliteSymptomStore> OpenAsync(TimeSpan? busyTimeout = null)
    {
        var store = await SqliteSymptomStore.OpenAsync(FilePath, Clock, busyTimeout ?? TimeSpan.FromSeconds(10), CancellationToken.None);
        lock (_opened)
        {
            _opened.Add(store);
        }

        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
