using System.Globalization;
using System.Text;
using FsCheck.Xunit;

namespace Triage.Storage.Embedded.Tests;

public sealed class SqliteSymptomStorePropertyTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static int _next;

    [Property(Arbitrary = [typeof(StoreStrings)], MaxTest = 300)]
    public async Task AppendAsync_ArbitraryStrings_ReadBackNormalizedAndFindable(string message, string host, string[] keys, string[] values)
    {
        var n = Interlocked.Increment(ref _next);
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(keys.Length, values.Length); i++)
        {
            attrs.TryAdd(keys[i], values[i]);
        }

        var symptom = TestSymptoms.Make(n) with
        {
            Id = "prop-" + n.ToString(CultureInfo.InvariantCulture),
            Signature = "prop-" + n.ToString(CultureInfo.InvariantCulture),
            Message = message,
            Host = host,
            Attrs = attrs,
        };
        var expected = symptom with { Message = Normalize(message), Host = Normalize(host), Attrs = NormalizeKeys(attrs) };

        // Anything but StoreException escaping would fail the property; StoreException itself is a failure too here.
        Assert.Equal(1, await fixture.Store.AppendAsync([symptom]));

        SymptomAssert.Equal(expected, await fixture.Store.GetAsync(symptom.Id));
        var mine = new SymptomFilter { Signatures = [symptom.Signature], Hosts = [host], Text = message };
        Assert.Equal(symptom.Id, Assert.Single((await fixture.Store.QueryAsync(mine, new SymptomPageRequest())).Items).Id);
        foreach (var (key, value) in expected.Attrs)
        {
            var byAttr = mine with { Attrs = new Dictionary<string, string> { [key] = value } };
            Assert.Equal(1, await fixture.Store.CountAsync(byAttr));
        }
    }

    /// <summary>The documented normalization, restated independently: lone surrogates become U+FFFD.</summary>
    private static string Normalize(string value)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                result.Append(c).Append(value[++i]);
            }
            else
            {
                result.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return result.ToString();
    }

    /// <summary>Keys (where NUL also becomes U+FFFD) and values normalized; of keys that become equal, the first wins.</summary>
    private static Dictionary<string, string> NormalizeKeys(Dictionary<string, string> attrs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attrs)
        {
            result.TryAdd(Normalize(key).Replace('\0', '\uFFFD'), Normalize(value));
        }

        return result;
    }
}
