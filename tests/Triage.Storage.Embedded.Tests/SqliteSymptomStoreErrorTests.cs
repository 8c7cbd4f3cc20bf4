using Microsoft.Data.Sqlite;
using Triage.Symptoms;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStoreErrorTests
{
    [Fact]
    public async Task AppendAsync_UndefinedCategory_ThrowsStoreExceptionAndStoresNothing()
    {
        await using var temp = await TempStore.CreateAsync();
        var batch = TestSymptoms.Range(0, 10);
        batch[5] = batch[5] with { Category = (SymptomCategory)42 };

        var error = await Assert.ThrowsAsync<StoreException>(() => temp.Store.AppendAsync(batch));

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("category value 42", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await temp.Store.CountAsync(SymptomFilter.All));
    }

    [Fact]
    public async Task CountAsync_FilterOnUndefinedEnumValues_MatchesNothing()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.Store.AppendAsync(TestSymptoms.Range(0, 10));

        var byCategory = await temp.Store.CountAsync(new SymptomFilter { Categories = [(SymptomCategory)42, (SymptomCategory)(-1)] });
        var bySeverity = await temp.Store.CountAsync(new SymptomFilter { MinSeverity = (Severity)9 });

        Assert.Equal(0, byCategory);
        Assert.Equal(0, bySeverity);
    }

    [Theory]
    [InlineData("UPDATE symptoms SET category = 'bogus'")]
    [InlineData("UPDATE symptoms SET attrs = '[1, 2'")]
    [InlineData("UPDATE symptoms SET rank = 1 << 40")]
    public async Task GetAsync_DamagedRow_ThrowsStoreExceptionNamingThePath(string damage)
    {
        await using var temp = await TempStore.CreateAsync();
        var symptom = TestSymptoms.Make(1);
        await temp.Store.AppendAsync([symptom]);
        await using (var connection = new SqliteConnection($"Data Source={temp.FilePath};Pooling=false"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = damage;
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => temp.Store.GetAsync(symptom.Id));

        Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }
}
