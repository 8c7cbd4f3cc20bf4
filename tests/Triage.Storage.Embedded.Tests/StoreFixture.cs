namespace Triage.Storage.Embedded.Tests;

/// <summary>One store shared by the tests of a class (property tests run hundreds of cases).</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private TempStore? _temp;

    internal SqliteSymptomStore Store => _temp!.Store;

    public async Task InitializeAsync() => _temp = await TempStore.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_temp is not null)
        {
            await _temp.DisposeAsync();
        }
    }
}
